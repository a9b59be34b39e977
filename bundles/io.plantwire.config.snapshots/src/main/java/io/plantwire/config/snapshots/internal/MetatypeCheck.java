package io.plantwire.config.snapshots.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import io.plantwire.api.text.SafeText;

/**
 * What the installed bundles declare about configurations (metatype): which PIDs and factory PIDs exist, which
 * values an attribute accepts, which attributes are passwords. An import names every configuration whose PID no
 * bundle declares and every value its attribute definition refuses, before anything is applied.
 */
final class MetatypeCheck {

    private final Map<String, ObjectClassDefinition> definitions = new HashMap<>();

    private MetatypeCheck() {
    }

    /** The definitions of every bundle now installed; none without a MetaTypeService. */
    static MetatypeCheck of(MetaTypeService metaType, BundleContext context) {
        MetatypeCheck check = new MetatypeCheck();
        if (metaType == null) {
            return check;
        }
        for (Bundle b : context.getBundles()) {
            MetaTypeInformation info;
            try {
                info = metaType.getMetaTypeInformation(b);
            } catch (IllegalArgumentException | IllegalStateException uninstalled) {
                continue;
            }
            if (info == null) {
                continue;
            }
            for (String pid : concat(info.getPids(), info.getFactoryPids())) {
                try {
                    ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
                    if (ocd != null) {
                        check.definitions.putIfAbsent(pid, ocd);
                    }
                } catch (IllegalArgumentException noSuchPid) {
                    // declared in a designate without an object class: nothing to check against
                }
            }
        }
        return check;
    }

    private static List<String> concat(String[] a, String[] b) {
        List<String> out = new ArrayList<>();
        out.addAll(a == null ? List.of() : List.of(a));
        out.addAll(b == null ? List.of() : List.of(b));
        return out;
    }

    private ObjectClassDefinition definition(String siteKey) {
        String factory = SiteConfiguration.factoryPid(siteKey);
        return definitions.get(factory != null ? factory : siteKey);
    }

    /**
     * Problems of the site against the definitions, one line each: a configuration whose PID no bundle declares
     * (unless {@code present} already has it: a configuration the gateway had before is not unknown), a value its
     * attribute refuses.
     */
    List<String> problems(SiteConfiguration site, Set<String> present) {
        List<String> problems = new ArrayList<>();
        site.configurations().forEach((pid, props) -> {
            ObjectClassDefinition ocd = definition(pid);
            if (ocd == null) {
                if (!present.contains(pid)) {
                    problems.add("configuration " + SafeText.printable(pid, 200) + ": unknown PID, no bundle on this "
                            + "gateway declares it (missing feature or bundle, or a typing error)");
                }
                return;
            }
            AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
            for (AttributeDefinition ad : ads == null ? new AttributeDefinition[0] : ads) {
                Object value = props.get(ad.getID());
                if (value != null) {
                    for (Object element : elements(value)) {
                        String message = validate(ad, element);
                        if (message != null) {
                            problems.add("configuration " + SafeText.printable(pid, 200) + ", property " + ad.getID()
                                    + ": " + SafeText.printable(String.valueOf(element), 120) + " is not valid: "
                                    + SafeText.printable(message, 200));
                        }
                    }
                }
            }
        });
        return problems;
    }

    /** Null when valid or not checkable (a reference resolved only when delivered), else the reason. */
    private static String validate(AttributeDefinition ad, Object element) {
        String text = String.valueOf(element);
        if (text.contains("$[")) {
            return null;
        }
        String result = ad.validate(text);
        return result == null || result.isEmpty() ? null : result;
    }

    private static List<Object> elements(Object value) {
        List<Object> out = new ArrayList<>();
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(Array.get(value, i));
            }
        } else if (value instanceof Collection<?> c) {
            out.addAll(c);
        } else {
            out.add(value);
        }
        return out;
    }

    /** Per site key, the ids of its PASSWORD attributes. */
    Map<String, Set<String>> passwordAttributes(SiteConfiguration site) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String pid : site.configurations().keySet()) {
            ObjectClassDefinition ocd = definition(pid);
            AttributeDefinition[] ads = ocd == null ? null : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
            Set<String> ids = new HashSet<>();
            for (AttributeDefinition ad : ads == null ? new AttributeDefinition[0] : ads) {
                if (ad.getType() == AttributeDefinition.PASSWORD) {
                    ids.add(ad.getID());
                }
            }
            out.put(pid, ids);
        }
        return out;
    }
}
