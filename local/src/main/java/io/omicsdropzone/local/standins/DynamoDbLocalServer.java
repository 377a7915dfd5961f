package io.omicsdropzone.local.standins;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * The real DynamoDB engine (DynamoDB Local 3.x) in this JVM: in memory, one shared database whatever the credentials
 * or region ({@code -sharedDb}), no telemetry, on a free port.
 *
 * <p>DynamoDB Local has no option to choose the listening address, so it listens on every interface; the endpoint
 * handed out is {@code http://127.0.0.1:PORT}. It runs on JDK 17 as is. On JDK 25 start the JVM with
 * {@code --enable-native-access=ALL-UNNAMED}: DynamoDB Local loads its SQLite library with {@code System.load} when
 * the first table is created, which JDK 25 answers with a restricted-method warning today and will block in a later
 * release (checked with Temurin 25: works with and without the flag, warns without it).
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    private static final int ATTEMPTS = 5;

    private final DynamoDBProxyServer server;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static DynamoDbLocalServer start() {
        QuietLogs.apply();
        Exception last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = freePort();
            DynamoDBProxyServer server = null;
            try {
                server = ServerRunner.createServerFromCommandLineArgs(new String[] {
                        "-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
                server.start();
                return new DynamoDbLocalServer(server, port);
            } catch (Exception e) {
                // Most likely another process took the port between freePort() and start(): try another one.
                last = e;
                stopQuietly(server);
            }
        }
        throw new IllegalStateException("DynamoDB Local did not start after " + ATTEMPTS + " attempts", last);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
            }
        }
    }

    private static void stopQuietly(DynamoDBProxyServer server) {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception ignored) {
            // it never started; nothing to release
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free TCP port on 127.0.0.1", e);
        }
    }
}
