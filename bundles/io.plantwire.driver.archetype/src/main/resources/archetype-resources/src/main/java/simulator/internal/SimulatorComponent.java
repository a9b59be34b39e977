package ${package}.simulator.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.text.SafeText;
import ${package}.simulator.SimulatedInstrument;

/** Runs a {@link SimulatedInstrument} inside the gateway; inert until configured. */
@Component(configurationPid = "${package}.simulator", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SimulatorConfig.class, factory = true)
public final class SimulatorComponent {

    private final SimulatedInstrument instrument;

    @Activate
    public SimulatorComponent(SimulatorConfig config) throws IOException {
        if (config.port() < 1 || config.port() > 65535) {
            throw new IllegalArgumentException("port: " + config.port() + " is not a TCP port (1..65535)");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (String entry : config.points()) {
            int eq = entry.indexOf('=');
            try {
                values.put(entry.substring(0, eq).strip(), Double.parseDouble(entry.substring(eq + 1)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("points: '" + SafeText.printable(entry, 100)
                        + "' is not point=number", e);
            }
        }
        instrument = SimulatedInstrument.start(config.port(), values, config.step());
    }

    @Deactivate
    void stop() throws IOException {
        instrument.close();
    }
}
