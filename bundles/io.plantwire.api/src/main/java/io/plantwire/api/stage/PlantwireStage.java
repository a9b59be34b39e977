package io.plantwire.api.stage;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares a DS component's stage properties, e.g.
 *
 * <pre>
 * &#64;Component(service = Normalizer.class)
 * &#64;PlantwireStage(name = "tank-rules", asset_selector = "acme/&#42;&#42;/tank-*")
 * public class TankRules implements Normalizer { ... }
 * </pre>
 *
 * Configuration properties of the same names (e.g. from a factory configuration) override these defaults.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PlantwireStage {

    /** Prefix of the generated property names. */
    String PREFIX_ = "plantwire.stage.";

    /** {@value StageProperties#STAGE_NAME}. */
    String name();

    /** {@value StageProperties#ASSET_SELECTOR}; all assets by default. */
    String[] asset_selector() default "**";

    /** {@value StageProperties#DEVICE_SELECTOR}; all devices by default (mappers only). */
    String[] device_selector() default "*";
}
