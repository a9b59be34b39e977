package io.plantwire.test.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoBrokerTest {

    @TempDir
    Path dir;

    @Test
    void listensStopsAndStartsAgainOnTheSamePort() throws Exception {
        try (MosquittoBroker b = new MosquittoBroker(dir.resolve("b")).start()) {
            int port = b.port();
            assertThat(b.tcpUrl()).isEqualTo("tcp://127.0.0.1:" + port);
            assertThat(accepts(port)).isTrue();
            b.stop();
            assertThat(accepts(port)).isFalse();
            b.start();
            assertThat(b.port()).isEqualTo(port);
            assertThat(accepts(port)).isTrue();
            assertThat(Files.readString(b.dir().resolve("mosquitto.conf"))).contains("allow_anonymous true");
        }
    }

    @Test
    void aPasswordFileTurnsAnonymousOffAndABadLineFailsWithTheBrokersWords() throws Exception {
        try (MosquittoBroker b = new MosquittoBroker(dir.resolve("b")).with("password_file /nonexistent/pw")) {
            assertThatThrownBy(b::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("mosquitto exited");
            assertThat(Files.readString(b.dir().resolve("mosquitto.conf"))).contains("allow_anonymous false");
        }
        try (MosquittoBroker b = new MosquittoBroker(dir.resolve("c")).with("no_such_option 1")) {
            assertThatThrownBy(b::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("no_such_option");
        }
    }

    @Test
    void aBrokerWithoutADirectoryRemovesItsOwnOnClose() throws Exception {
        Path own;
        try (MosquittoBroker b = new MosquittoBroker().start()) {
            own = b.dir();
            assertThat(own).isDirectory();
        }
        assertThat(own).doesNotExist();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
