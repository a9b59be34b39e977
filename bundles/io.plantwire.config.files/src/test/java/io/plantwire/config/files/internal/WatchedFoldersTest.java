package io.plantwire.config.files.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration's felix.fileinstall.filename is only believed for its own file in a watched folder. */
class WatchedFoldersTest {

    @TempDir
    Path home;
    /** Two watched folders and one that is not. */
    private Path conf;
    private Path deploy;
    private Path etc;
    private List<Path> watched;

    @BeforeEach
    void folders() throws IOException {
        conf = Files.createDirectory(home.resolve("conf"));
        deploy = Files.createDirectory(home.resolve("deploy"));
        etc = Files.createDirectory(home.resolve("etc"));
        watched = List.of(conf, deploy);
    }

    @Test
    void fileNamesAreTheOnesFileInstallGivesTheConfiguration() {
        assertThat(WatchedFolders.nameMatches("io.plantwire.tank.cfg", "io.plantwire.tank", null)).isTrue();
        assertThat(WatchedFolders.nameMatches("io.plantwire.tank.config", "io.plantwire.tank", null)).isTrue();
        assertThat(WatchedFolders.nameMatches("io.plantwire.sink.mqtt-uns-1.cfg", "io.plantwire.sink.mqtt~uns-1",
                "io.plantwire.sink.mqtt")).isTrue();
        assertThat(WatchedFolders.nameMatches("io.plantwire.console.access.cfg", "io.plantwire.tank", null))
                .as("another configuration's file").isFalse();
        assertThat(WatchedFolders.nameMatches("io.plantwire.sink.mqtt-uns-1.cfg", "io.plantwire.sink.mqtt~evil",
                "io.plantwire.sink.mqtt")).as("another instance's file").isFalse();
        assertThat(WatchedFolders.nameMatches("io.plantwire.tank.cfg", "io.plantwire.tank~a", "io.plantwire.tank"))
                .isFalse();
    }

    @Test
    void onlyFilesDirectlyInAWatchedFolderAndResolvingInsideOne() throws IOException {
        assertThat(WatchedFolders.refusal(conf.resolve("io.plantwire.tank.cfg"), "io.plantwire.tank", null, watched))
                .isEmpty();
        assertThat(WatchedFolders.refusal(deploy.resolve("io.plantwire.tank.cfg"), "io.plantwire.tank", null,
                watched)).isEmpty();
        assertThat(WatchedFolders.refusal(etc.resolve("io.plantwire.tank.cfg"), "io.plantwire.tank", null, watched))
                .hasValueSatisfying(why -> assertThat(why).startsWith("it is not in a folder FileInstall watches"));
        assertThat(WatchedFolders.refusal(conf.resolve("../etc/io.plantwire.tank.cfg"), "io.plantwire.tank", null,
                watched)).isPresent();
        assertThat(WatchedFolders.refusal(conf.resolve("sub/io.plantwire.tank.cfg"), "io.plantwire.tank", null,
                watched)).isPresent();
        assertThat(WatchedFolders.refusal(conf.resolve("io.plantwire.console.access.cfg"), "io.plantwire.tank",
                null, watched)).hasValueSatisfying(why -> assertThat(why).contains("not the one FileInstall gives"));

        Path target = Files.writeString(etc.resolve("passwd.cfg"), "x = y\n");
        Files.createSymbolicLink(conf.resolve("io.plantwire.link.cfg"), target);
        String real = target.toRealPath().toString();
        assertThat(WatchedFolders.refusal(conf.resolve("io.plantwire.link.cfg"), "io.plantwire.link", null, watched))
                .hasValueSatisfying(why -> assertThat(why).startsWith("it is a link to " + real));
    }

    @Test
    void theFileOfAConfigurationDeletedBeforeItsFilenameWasReadIsFoundByItsName() throws IOException {
        Path tank = Files.writeString(conf.resolve("io.plantwire.tank.cfg"), "high = 90\n");
        Path sink = Files.writeString(deploy.resolve("io.plantwire.sink.mqtt-uns-1.config"), "port = I\"1883\"\n");
        Files.writeString(etc.resolve("io.plantwire.outside.cfg"), "a = 1\n");

        assertThat(WatchedFolders.filesNamedFor("io.plantwire.tank", null, watched)).containsExactly(tank);
        assertThat(WatchedFolders.filesNamedFor("io.plantwire.sink.mqtt~uns-1", "io.plantwire.sink.mqtt", watched))
                .containsExactly(sink);
        assertThat(WatchedFolders.filesNamedFor("io.plantwire.sink.mqtt~uns-2", "io.plantwire.sink.mqtt", watched))
                .as("another instance").isEmpty();
        assertThat(WatchedFolders.filesNamedFor("io.plantwire.sink.mqtt.1b2c", "io.plantwire.sink.mqtt", watched))
                .as("a generated factory PID has no file name").isEmpty();
        assertThat(WatchedFolders.filesNamedFor("io.plantwire.outside", null, watched))
                .as("a file in a folder FileInstall does not watch").isEmpty();
        assertThat(WatchedFolders.filesNamedFor("../etc/io.plantwire.outside", null, watched))
                .as("a PID that climbs out of the folder").isEmpty();

        Files.createDirectory(conf.resolve("io.plantwire.folder.cfg"));
        assertThat(WatchedFolders.filesNamedFor("io.plantwire.folder", null, watched)).as("a directory").isEmpty();
        Files.createSymbolicLink(conf.resolve("io.plantwire.outside.cfg"), etc.resolve("io.plantwire.outside.cfg"));
        assertThat(WatchedFolders.filesNamedFor("io.plantwire.outside", null, watched))
                .as("a link out of the watched folders").isEmpty();

        Path second = Files.writeString(conf.resolve("io.plantwire.tank.config"), "high = 80\n");
        Path third = Files.writeString(deploy.resolve("io.plantwire.tank.cfg"), "high = 70\n");
        assertThat(WatchedFolders.filesNamedFor("io.plantwire.tank", null, watched))
                .as("every file FileInstall applies to it").containsExactlyInAnyOrder(tank, second, third);
    }
}
