package io.plantwire.config.files.internal;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** The attributes a configuration's metatype declares as {@link AttributeDefinition#PASSWORD}. */
final class PasswordAttributes {

    private PasswordAttributes() {
    }

    /**
     * The PASSWORD attribute ids of the object class designated for the factory PID (factory configurations) or the
     * PID, in any bundle; empty when there is no metatype service or no such designation.
     */
    static Set<String> of(MetaTypeService metaType, BundleContext context, String pid, String factoryPid) {
        Set<String> ids = new HashSet<>();
        if (metaType == null) {
            return ids;
        }
        for (Bundle bundle : context.getBundles()) {
            try {
                MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
                if (info == null) {
                    continue;
                }
                String designated = factoryPid != null && Arrays.asList(info.getFactoryPids()).contains(factoryPid)
                        ? factoryPid
                        : factoryPid == null && Arrays.asList(info.getPids()).contains(pid) ? pid : null;
                if (designated == null) {
                    continue;
                }
                ObjectClassDefinition ocd = info.getObjectClassDefinition(designated, null);
                AttributeDefinition[] attributes = ocd != null
                        ? ocd.getAttributeDefinitions(ObjectClassDefinition.ALL) : null;
                for (AttributeDefinition a : attributes != null ? attributes : new AttributeDefinition[0]) {
                    if (a.getType() == AttributeDefinition.PASSWORD) {
                        ids.add(a.getID());
                    }
                }
            } catch (RuntimeException e) {
                // a bundle going away, or broken metatype: the name rules still apply
            }
        }
        return ids;
    }
}
