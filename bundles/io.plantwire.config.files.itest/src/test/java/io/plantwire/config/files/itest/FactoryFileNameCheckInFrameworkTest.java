package io.plantwire.config.files.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.plantwire.test.support.Await;
import io.plantwire.test.support.FileTrees;

/**
 * A configuration file named the way Config Admin spells a factory configuration's PID ({@code <factoryPid>~<name>})
 * gets a warning that names the file and the name FileInstall takes ({@code <factoryPid>-<name>}), with the real
 * FileInstall 3.7.4 and Config Admin.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class FactoryFileNameCheckInFrameworkTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String FACTORY = "io.plantwire.itest.sensor";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger("io.plantwire.config.files.internal.FactoryFileNameCheck");
    private Path folder;
    private Configuration watcher;

    @BeforeEach
    void aWatchedFolder() throws IOException {
        logger.addHandler(capture);
        folder = Files.createTempDirectory("plantwire-names-conf-");
        watcher = FileInstallWatcher.start(configurationAdmin, folder, context.getProperty("felix.fileinstall.poll"),
                context.getProperty("felix.fileinstall.filter"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        logger.removeHandler(capture);
        watcher.delete();
        FolderConfigurations.delete(configurationAdmin, folder);
        FileTrees.delete(folder);
    }

    @Test
    void aTildeInTheFileNameIsNamedWithTheNameThatWorks() throws Exception {
        // First the spelling FileInstall takes, so the warning that follows has had its chance to be wrong.
        Files.writeString(folder.resolve(FACTORY + "-s1.cfg"), "unit = degC\n");
        Await.until("the factory configuration of the - file", WAIT,
                () -> configurations("(service.factoryPid=" + FACTORY + ")").length == 1);
        Files.writeString(folder.resolve(FACTORY + "~s2.cfg"), "unit = degC\n");

        Await.until("a warning", WAIT, () -> !warnings.isEmpty());

        assertThat(warnings).singleElement().asString()
                .startsWith("Configuration file " + FACTORY + "~s2.cfg made the plain configuration '" + FACTORY
                        + "~s2', not a factory configuration of " + FACTORY)
                .contains("Rename the file " + FACTORY + "-s2.cfg (");
        assertThat(configurations("(service.factoryPid=" + FACTORY + ")")).as("FileInstall made no factory configuration of the ~ file")
                .hasSize(1);
    }

    @Test
    void aTildeFileAppliedBeforeTheCheckStartedIsNamedWhenItStarts() throws Exception {
        var bundle = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "io.plantwire.config.files".equals(b.getSymbolicName())).findFirst().orElseThrow();
        bundle.stop();
        try {
            Files.writeString(folder.resolve(FACTORY + "~s3.cfg"), "unit = degC\n");
            Await.until("the configuration of the ~ file", WAIT,
                    () -> configurations("(service.pid=" + FACTORY + "~s3)").length == 1);
            assertThat(warnings).as("nothing checks while the bundle is stopped").isEmpty();
        } finally {
            bundle.start();
        }

        Await.until("a warning", WAIT, () -> !warnings.isEmpty());

        assertThat(warnings).singleElement().asString().contains("Rename the file " + FACTORY + "-s3.cfg (");
    }

    private Configuration[] configurations(String filter) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations(filter);
            return found != null ? found : new Configuration[0];
        } catch (IOException | InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
