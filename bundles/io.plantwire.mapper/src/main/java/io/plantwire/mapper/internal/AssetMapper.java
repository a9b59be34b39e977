package io.plantwire.mapper.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.stage.Mapper;
import io.plantwire.api.stage.PlantwireStage;

/**
 * The configured mapper: one component instance per asset factory configuration
 * ({@value #PID}~name).
 */
@Component(name = AssetMapper.PID, service = Mapper.class, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = AssetMapConfig.class, factory = true)
@PlantwireStage(name = "asset-mapper")
public final class AssetMapper implements Mapper {

    /** Factory PID of asset maps. */
    public static final String PID = "io.plantwire.mapper.asset";

    private final AssetMap map;

    /**
     * @param config the asset's configuration
     * @param properties the same configuration as raw properties, to name a value the config type could not convert
     */
    @Activate
    public AssetMapper(AssetMapConfig config, Map<String, Object> properties) {
        this.map = build(config, properties);
    }

    static AssetMap build(AssetMapConfig config, Map<String, Object> properties) {
        Isa95Path path = new Isa95Path(level("enterprise", config.enterprise()), level("site", config.site()),
                level("area", config.area()), level("line", config.line()), level("cell", config.cell()),
                level("asset", config.asset()));
        if (config.assetType() == null || config.assetType().isBlank()) {
            throw new IllegalArgumentException("assetType '" + config.assetType() + "' of asset " + path
                    + " must not be blank");
        }
        if (config.emission() == null) {
            throw new IllegalArgumentException("emission '" + properties.get("emission") + "' of asset " + path
                    + " must be ALL_LATEST or CHANGED_ONLY");
        }
        List<FieldBinding> bindings = new ArrayList<>();
        for (String f : config.fields()) {
            if (f != null && !f.isBlank()) {
                try {
                    bindings.add(FieldBinding.parse(f));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("fields of asset " + path + ": " + e.getMessage(), e);
                }
            }
        }
        String csv = config.csvFile() == null ? "" : config.csvFile().strip();
        if (!csv.isEmpty()) {
            Path file = Path.of(csv);
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                bindings.addAll(PointMapCsv.parse(r, file.toString()));
            } catch (IOException e) {
                throw new IllegalArgumentException("csvFile '" + csv + "' of asset " + path + " cannot be read: " + e,
                        e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("csvFile '" + csv + "' of asset " + path + ": " + e.getMessage(),
                        e);
            }
        }
        return new AssetMap(path, config.assetType(), bindings, config.emission());
    }

    private static String level(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required (an ISA-95 level name)");
        }
        try {
            Isa95Path.check(name, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is invalid: " + e.getMessage(), e);
        }
        return value;
    }

    @Override
    public void map(DeviceReading reading, Consumer<AssetRecord> out) {
        map.map(reading, out);
    }

    AssetMap assetMap() {
        return map;
    }
}
