package com.example.labmeter;

import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.api.text.SafeText;
import io.plantwire.driver.support.DeviceScheduler;
import io.plantwire.driver.support.PollGroup;
import io.plantwire.driver.support.PolledDevice;
import io.plantwire.driver.support.PolledDriver;

/**
 * One lab meter per factory configuration. The support library polls it on the bundle's shared scheduler, turns
 * failures into BAD quality, reconnects with backoff, keeps its status, offers the dry run and stops cleanly; this
 * class checks the configuration and says what to poll.
 */
@Component(configurationPid = "com.example.labmeter.device", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Driver.class, immediate = true)
@Designate(ocd = InstrumentConfig.class, factory = true)
public final class InstrumentDevice extends PolledDriver {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern CHANNEL = Pattern.compile("(" + NAME + ")=(1[0-6]|[1-9])(?:\\|(\\P{Cntrl}{1,32}))?");

    @Activate
    public InstrumentDevice(@Reference ReadingIntake intake, @Reference DeviceScheduler scheduler, InstrumentConfig c) {
        super(device(c).start(scheduler, intake));
    }

    /** The device the configuration describes; fails naming the field, the value and what is expected. */
    static PolledDevice.Builder<Socket, int[]> device(InstrumentConfig c) {
        check(c.deviceId() != null && NAME.matcher(c.deviceId()).matches(), "deviceId", c.deviceId(), NAME);
        check(c.host() != null && !c.host().isBlank(), "host", c.host(), "a host name or address");
        check(c.port() >= 1 && c.port() <= 65535, "port", c.port(), "1..65535");
        check(c.pollIntervalMs() >= 10 && c.pollIntervalMs() <= 3_600_000, "pollIntervalMs", c.pollIntervalMs(),
                "10..3600000");
        check(c.timeoutMs() >= 100 && c.timeoutMs() <= 60_000, "timeoutMs", c.timeoutMs(), "100..60000");
        check(c.channels() != null && c.channels().length > 0, "channels", "", "at least one channel");
        PollGroup.Builder<int[]> group = PollGroup.builder("all", c.pollIntervalMs());
        int[] channels = new int[c.channels().length];
        for (int i = 0; i < channels.length; i++) {
            Matcher m = CHANNEL.matcher(c.channels()[i]);
            // A name given twice is refused by PollGroup, naming it.
            check(m.matches(), "channels", c.channels()[i], "name=channel[|unit], channel 1..16, name as " + NAME);
            channels[i] = Integer.parseInt(m.group(2));
            group.point(m.group(1), m.group(3) == null ? "" : m.group(3).strip());
        }
        return PolledDevice.builder(c.deviceId(), "lab-meter", new InstrumentProtocol(c.host(), c.port(),
                c.timeoutMs())).endpoint("tcp://" + c.host() + ":" + c.port()).group(group.detail(channels).build())
                .reconnectBackoff(500, 5_000);
    }

    private static void check(boolean valid, String field, Object value, Object expected) {
        if (!valid) {
            throw new IllegalArgumentException(field + ": '" + SafeText.printable(String.valueOf(value), 100)
                    + "' is not valid, expected " + expected);
        }
    }

    @Deactivate
    void deactivate() {
        stop(); // waits for a running poll, closes the connection; nothing is submitted afterwards
    }
}
