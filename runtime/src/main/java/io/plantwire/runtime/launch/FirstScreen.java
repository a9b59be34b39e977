package io.plantwire.runtime.launch;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * What an operator sees on the terminal at start, before the tank lines: where the console is, where the full log
 * is, and, as each sink comes up (activated: a sink that refuses its configuration is not announced), where the data
 * goes (MQTT broker and topics, Kafka servers and topics). The full log goes to the file ({@link GatewayLogging});
 * these lines are printed on stdout and also logged.
 *
 * <p>Sinks are read from their service properties (a DS component's configuration, private {@code .} keys excluded)
 * by name, so this launcher class needs none of the bundles' classes; the values come from configuration and are
 * escaped and redacted with io.plantwire.api's {@code SafeText} and {@code Redaction}, loaded from that bundle.
 */
final class FirstScreen implements ServiceListener {

    static final String SINK = "io.plantwire.api.stage.Sink";
    private static final Logger LOG = Logger.getLogger(FirstScreen.class.getName());
    private static final String RULE = "=".repeat(78);

    private final BundleContext context;
    private final PrintStream out;
    /** Sinks this screen got to see that they activated; released when they go. */
    private final Set<ServiceReference<?>> held = ConcurrentHashMap.newKeySet();

    FirstScreen(BundleContext context, PrintStream out) {
        this.context = context;
        this.out = out;
    }

    /** Prints the banner and watches for sinks. */
    void open(String home, String consoleUrl, GatewayLogging.Outcome logging) {
        List<String> lines = new ArrayList<>();
        lines.add(RULE);
        lines.add("Plantwire gateway, home " + home);
        lines.add("  Web Console   " + (consoleUrl == null ? "(no HTTP listener)" : consoleUrl + "/system/console"));
        lines.add("  Full log      " + logging.file() + " (rotated; this terminal shows "
                + levelWords(logging.consoleLevel()) + ")");
        lines.add(RULE);
        print(lines);
        try {
            context.addServiceListener(this, "(objectClass=" + SINK + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a constant filter
        }
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        ServiceReference<?> ref = event.getServiceReference();
        if (event.getType() == ServiceEvent.UNREGISTERING) {
            release(ref);
            return;
        }
        if (event.getType() != ServiceEvent.REGISTERED) {
            return;
        }
        // Once per registration: a sink that is reconfigured or updated says again where the data goes now.
        String line = describeSink(ref::getProperty, new Text(context));
        if (line != null && activated(ref)) {
            print(List.of(line));
        }
    }

    /**
     * Whether the sink behind the registration took its configuration. A DS component's service is registered before
     * the component is activated, and a configuration the sink refuses (a codec it cannot load, a bad URL) fails only
     * at activation: getting the service activates it here, as the pipeline's tracker does, and gives null if it was
     * refused (SCR logs why). The service is held until it goes, so this use does not stop and restart the sink.
     */
    private boolean activated(ServiceReference<?> ref) {
        Object sink;
        try {
            sink = context.getService(ref);
        } catch (IllegalStateException | IllegalArgumentException gone) {
            return false;
        }
        if (sink == null) {
            return false;
        }
        held.add(ref);
        return true;
    }

    private void release(ServiceReference<?> ref) {
        if (held.remove(ref)) {
            try {
                context.ungetService(ref);
            } catch (IllegalStateException stopped) {
                // the framework is stopping: its services go with it
            }
        }
    }

    void close() {
        context.removeServiceListener(this);
        List.copyOf(held).forEach(this::release);
    }

    /** Property lookup of a sink service. */
    interface Properties {
        Object get(String key);
    }

    /**
     * One line saying where a sink sends the data, or null for a sink without a destination of its own (the Web
     * Console's latest-values sink keeps them in memory).
     */
    static String describeSink(Properties p, Text text) {
        String name = text.safe(string(p.get("plantwire.stage.name"), "?"));
        String assets = text.safe(strings(p.get("plantwire.stage.asset.selector"), "**"));
        Object broker = p.get("broker.url");
        Object servers = p.get("bootstrap.servers");
        if (broker != null) {
            String prefix = string(p.get("topic.prefix"), "");
            String url = withoutUserInfo(string(broker, ""));
            return "Data -> MQTT " + text.safe(url) + ", topic per asset: " + text.safe(prefix) + "<asset path>, "
                    + "assets " + assets + " (sink '" + name + "')" + watchHint(url, prefix, text);
        }
        if (servers != null) {
            return "Data -> Kafka " + text.safe(strings(servers, "")) + ", topics "
                    + text.safe(string(p.get("topic.template"), "?")) + ", assets " + assets + " (sink '" + name
                    + "')";
        }
        return null;
    }

    /** How to watch a plain-TCP broker's UNS with mosquitto_sub; nothing for TLS or WebSocket URLs. */
    static String watchHint(String url, String prefix, Text text) {
        try {
            URI uri = new URI(url.trim());
            if (!"tcp".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                return "";
            }
            int port = uri.getPort() < 0 ? 1883 : uri.getPort();
            return "; watch it: mosquitto_sub -h " + text.safe(uri.getHost()) + " -p " + port + " -t '"
                    + text.safe(prefix) + "#' -v";
        } catch (URISyntaxException e) {
            return "";
        }
    }

    /** A broker URL may carry user:password@; the banner shows neither. */
    static String withoutUserInfo(String url) {
        try {
            URI uri = new URI(url.trim());
            if (uri.getRawUserInfo() == null) {
                return url.trim();
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
                    uri.getFragment()).toString();
        } catch (URISyntaxException e) {
            return url.trim();
        }
    }

    private static String string(Object value, String fallback) {
        return value == null ? fallback : String.valueOf(value);
    }

    private static String strings(Object value, String fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof String[] a) {
            return String.join(",", a);
        }
        if (value instanceof Object[] a) {
            return String.join(",", Arrays.stream(a).map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    private static String levelWords(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return "errors only";
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return "warnings and errors only";
        }
        return level.getName() + " and above";
    }

    private void print(List<String> lines) {
        for (String line : lines) {
            out.println(line);
            LOG.info(line);
        }
        out.flush();
    }

    /**
     * SafeText.printable and Redaction.redact of the io.plantwire.api bundle, found by name: that bundle is resolved
     * once a sink is registered. Without it a value is not shown at all.
     */
    static class Text {
        private final Method printable;
        private final Method redact;

        Text(BundleContext context) {
            Method p = null;
            Method r = null;
            for (Bundle b : context.getBundles()) {
                if ("io.plantwire.api".equals(b.getSymbolicName())) {
                    try {
                        p = b.loadClass("io.plantwire.api.text.SafeText").getMethod("printable", CharSequence.class,
                                int.class);
                        r = b.loadClass("io.plantwire.api.text.Redaction").getMethod("redact", String.class);
                        break;
                    } catch (ReflectiveOperationException | IllegalStateException e) {
                        LOG.log(Level.FINE, "io.plantwire.api text helpers not available", e);
                    }
                }
            }
            printable = p;
            redact = r;
        }

        Text(Method printable, Method redact) {
            this.printable = printable;
            this.redact = redact;
        }

        String safe(String value) {
            if (printable == null || redact == null) {
                return "(not shown)";
            }
            try {
                return (String) printable.invoke(null, redact.invoke(null, value), 200);
            } catch (ReflectiveOperationException e) {
                return "(not shown)";
            }
        }
    }
}
