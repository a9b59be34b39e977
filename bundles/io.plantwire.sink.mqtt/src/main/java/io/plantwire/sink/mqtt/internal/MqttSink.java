package io.plantwire.sink.mqtt.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import javax.net.ssl.SSLSocketFactory;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.text.Redaction;
import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.stage.PublishPreview;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.SinkRejectedException;
import io.plantwire.api.stage.SinkStatus;
import io.plantwire.sink.support.JsonBytes;
import io.plantwire.sink.support.JsonBytesPool;
import io.plantwire.sink.support.SinkStatusReport;
import io.plantwire.store.QueueStats;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.StoreFullException;
import io.plantwire.store.deadletter.DeadLetterStore;
import io.plantwire.store.deadletter.DeadLetters;
import io.plantwire.store.deadletter.SinkDeadLetters;

/**
 * The ISA-95 unified-namespace publisher: one instance per broker connection (factory configuration
 * {@code io.plantwire.sink.mqtt}).
 *
 * <p>{@link #accept} renders the record's messages and appends them to the store, nothing else; the
 * {@link UnsPublisher} thread drains the store to the broker. Messages the broker refuses for good go to the
 * sink's dead letters, registered as a {@link DeadLetters} service for the console and the Gogo commands.
 */
@Component(service = Sink.class, configurationPid = MqttSink.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = MqttSinkConfig.class, factory = true)
public final class MqttSink implements Sink, PublishPreview {

    /** The factory configuration PID. */
    public static final String PID = "io.plantwire.sink.mqtt";

    private static final System.Logger LOG = System.getLogger(MqttSink.class.getName());

    private final MqttSettings settings;
    private final UnsMessages messages;
    private final JsonBytesPool buffers = new JsonBytesPool();
    private final StoreAndForwardQueue queue;
    private final DeadLetterStore deadLetterStore;
    private final DeadLetters deadLetters;
    private final UnsPublisher publisher;
    private ServiceRegistration<DeadLetters> deadLettersRegistration;

    @Activate
    public MqttSink(MqttSinkConfig config, BundleContext context) throws IOException {
        this(config, dataArea(context));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(DeadLetters.SINK_NAME_PROPERTY, settings.stageName);
        deadLettersRegistration = context.registerService(DeadLetters.class, deadLetters, props);
    }

    MqttSink(MqttSinkConfig config, Path dataArea) throws IOException {
        this.settings = new MqttSettings(config, dataArea);
        this.messages = new UnsMessages(settings);
        SSLSocketFactory tls = null;
        if (settings.tls) {
            try {
                tls = TlsSocketFactories.create(settings.tlsCaFile, settings.tlsClientCertificateFile,
                        settings.tlsClientKeyFile);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("TLS configuration (tls.ca.file '" + settings.tlsCaFile
                        + "', tls.client.certificate.file '" + settings.tlsClientCertificateFile
                        + "', tls.client.key.file '" + settings.tlsClientKeyFile + "') cannot be used: "
                        + Redaction.redact(e.getMessage()), e);
            }
        }
        this.queue = StoreAndForwardQueue.open(settings.storeDirectory, settings.storeOptions);
        try {
            this.deadLetterStore = DeadLetterStore.open(settings.deadLetterDirectory, settings.deadLetterOptions);
        } catch (IOException | RuntimeException e) {
            queue.close();
            throw e;
        }
        this.deadLetters = new SinkDeadLetters(settings.stageName, deadLetterStore, queue::append);
        this.publisher = new UnsPublisher(settings, queue, deadLetterStore, tls);
        publisher.start();
        LOG.log(Level.INFO, "{0} started; {1} records waiting in the store", settings, queue.stats().records());
    }

    /**
     * Where stores live by default: {@code <plantwire.home>/data/store} on a gateway, so a backlog survives a restart
     * (the gateway rebuilds its bundle cache at start) and a reinstall of this bundle; else the bundle's data area.
     */
    private static Path dataArea(BundleContext context) {
        String home = context.getProperty("plantwire.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "data", "store");
        }
        java.io.File f = context.getDataFile("");
        return f == null ? null : f.toPath();
    }

    @Deactivate
    void deactivate() {
        if (deadLettersRegistration != null) {
            try {
                deadLettersRegistration.unregister();
            } catch (IllegalStateException e) {
                // the framework unregistered it already (bundle stopping)
            }
        }
        publisher.stop();
        try {
            queue.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "MQTT sink '" + settings.stageName + "': closing the store failed", e);
        }
        try {
            deadLetterStore.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "MQTT sink '" + settings.stageName + "': closing the dead letters failed", e);
        }
        LOG.log(Level.INFO, "MQTT sink ''{0}'' stopped", settings.stageName);
    }

    @Override
    public void accept(AssetRecord record) throws SinkRejectedException {
        JsonBytes b = buffers.take();
        try {
            messages.writeStoreRecord(b, record);
            queue.append(b.array(), 0, b.size());
        } catch (StoreFullException e) {
            throw new SinkRejectedException("store full (policy REJECT_NEW): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SinkRejectedException("store write failed: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new SinkRejectedException("sink '" + settings.stageName + "' is stopped", e);
        } finally {
            buffers.give(b);
        }
    }

    /** The messages {@link #accept} would queue: topic with QoS and retain flag, and the JSON payload. */
    @Override
    public List<Publication> preview(AssetRecord record) {
        List<Publication> out = new ArrayList<>();
        for (OutboundMessage m : messages.messages(record)) {
            out.add(new Publication(m.topic() + " (qos " + m.qos() + (m.retain() ? ", retained)" : ")"),
                    new String(m.payload(), StandardCharsets.UTF_8)));
        }
        return out;
    }

    @Override
    public SinkStatus status() {
        return SinkStatusReport.of(queue.stats(), deadLetterStore.stats(), "messages")
                .refused(publisher.refusedMessages(), "messages refused by the broker")
                .build(publisher.status(), settings.secrets());
    }

    /** For tests and the console: the store's own view. */
    QueueStats storeStats() {
        return queue.stats();
    }

    UnsPublisher publisher() {
        return publisher;
    }

    /** The dead letters, as the service offers them. */
    DeadLetters deadLetters() {
        return deadLetters;
    }

    MqttSettings settings() {
        return settings;
    }
}
