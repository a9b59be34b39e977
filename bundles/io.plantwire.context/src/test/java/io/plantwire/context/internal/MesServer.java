package io.plantwire.context.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback playing the MES: GET /api/units/{asset}/batch answers the asset's batch as JSON.
 * It can go down (socket closed), come back on the same port, hang, and answer garbage.
 */
final class MesServer implements AutoCloseable {

    enum Mode { OK, GARBAGE, MISSING_FIELD, ERROR_500, HANG, TRICKLE }

    final Map<String, String> batchByAsset = new ConcurrentHashMap<>();
    final List<String> authHeaders = new CopyOnWriteArrayList<>();
    final List<String> paths = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    volatile Mode mode = Mode.OK;
    volatile CountDownLatch release = new CountDownLatch(1);

    private final int port;
    private HttpServer server;
    private ExecutorService executor;

    MesServer() throws IOException {
        start(0);
        port = server.getAddress().getPort();
    }

    int port() {
        return port;
    }

    String url(String pathTemplate) {
        return "http://127.0.0.1:" + port + pathTemplate;
    }

    private void start(int p) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 16);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/api/units/", this::handle);
        server.start();
    }

    private void handle(HttpExchange ex) throws IOException {
        inFlight.incrementAndGet();
        try {
            paths.add(ex.getRequestURI().getPath());
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authHeaders.add(auth == null ? "" : auth);
            String asset = ex.getRequestURI().getPath().split("/")[3];
            String batch = batchByAsset.get(asset);
            switch (mode) {
                case HANG -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    send(ex, 200, "{}");
                }
                case TRICKLE -> trickle(ex);
                case GARBAGE -> send(ex, 200, "<html><body>MES maintenance</body></html>");
                case MISSING_FIELD -> send(ex, 200, "{\"batch\":{\"id\":\"" + batch + "\"}}");
                case ERROR_500 -> send(ex, 500, "{\"error\":\"database locked\"}");
                default -> {
                    if (batch == null) {
                        send(ex, 404, "{\"error\":\"unknown unit\"}");
                    } else {
                        send(ex, 200, "{\"unit\":\"" + asset + "\",\"batch\":{\"id\":\"" + batch
                                + "\",\"product\":{\"name\":\"H2SO4 96%\",\"grade\":\"technical\"},"
                                + "\"workOrder\":4711,\"quantity\":12.5}}");
                    }
                }
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /** A valid answer sent one byte every 200 ms: no single read waits long, the whole answer takes minutes. */
    private void trickle(HttpExchange ex) throws IOException {
        byte[] b = ("{\"batch\":{\"id\":\"B-0417\",\"product\":{\"name\":\"H2SO4 96%\"}}"
                + " ".repeat(1000) + "}").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            for (byte x : b) {
                out.write(x);
                out.flush();
                try {
                    Thread.sleep(200); // the peer's behaviour under test, not a wait of the test
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Closes the listening socket: connections are refused until {@link #up()}. */
    void down() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Listens again on the same port. */
    void up() throws IOException {
        start(port);
    }

    @Override
    public void close() {
        release.countDown();
        down();
    }
}
