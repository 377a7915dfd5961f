package io.omicsdropzone.local.standins.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The front on the wire, against a raw HTTP target on 127.0.0.1 that records what reaches it. */
@Timeout(20)
class FaultFrontWireTest {

    @Test
    void forwardsTheRequestByteForByteIncludingHostAndAChunkedBody() throws Exception {
        String request = "POST /bucket/key?x=1 HTTP/1.1\r\nHost: 127.0.0.1:9\r\nX-Amz-Date: 20261201T000000Z\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5;ext=1\r\nhello\r\n0\r\nx-trailer: t\r\n\r\n";
        try (ServerSocket target = listen();
             FaultFront front = FaultFront.start(Service.S3, endpoint(target))) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> serveOnce(target, request.length(),
                    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", null));

            String answer = exchange(front.endpoint(), request);

            assertThat(new String(received.get(10, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1)).isEqualTo(request);
            assertThat(answer).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\nok");
        }
    }

    @Test
    void streamsAResponseBodyBeforeTheTargetHasSentAllOfIt() throws Exception {
        String request = "GET /bucket/big HTTP/1.1\r\nHost: x\r\n\r\n";
        CountDownLatch firstPartSeen = new CountDownLatch(1);
        try (ServerSocket target = listen();
             FaultFront front = FaultFront.start(Service.S3, endpoint(target))) {
            CompletableFuture.runAsync(() -> serveOnce(target, request.length(),
                    "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nfirst", firstPartSeen));

            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), front.endpoint().getPort())) {
                client.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = new BufferedInputStream(client.getInputStream());
                HttpHead head = HttpHead.read(in);
                byte[] first = in.readNBytes(5);
                // The target sends the rest only once the client has read the first part through the front.
                firstPartSeen.countDown();
                byte[] rest = in.readNBytes(5);

                assertThat(head.status()).isEqualTo(200);
                assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("first");
                assertThat(new String(rest, StandardCharsets.US_ASCII)).isEqualTo("-last");
            }
        }
    }

    @Test
    void closeStopsListening() throws Exception {
        try (ServerSocket target = listen()) {
            FaultFront front = FaultFront.start(Service.DYNAMODB, endpoint(target));
            int port = front.endpoint().getPort();

            front.close();

            // On JDK 25 the listening socket can still take a connection just after close() returns, while the
            // accept thread leaves accept(); what matters is that the port stops listening.
            assertThat(stopsAccepting(port)).isTrue();
        }
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    private static URI endpoint(ServerSocket target) {
        return URI.create("http://127.0.0.1:" + target.getLocalPort());
    }

    /** Accepts one connection, reads {@code length} request bytes, answers; then "-last" once {@code more} opens. */
    private static byte[] serveOnce(ServerSocket target, int length, String answer, CountDownLatch more) {
        try (Socket socket = target.accept()) {
            byte[] received = socket.getInputStream().readNBytes(length);
            OutputStream out = socket.getOutputStream();
            out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (more != null && more.await(10, TimeUnit.SECONDS)) {
                out.write("-last".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            return received;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String exchange(URI endpoint, String request) throws IOException {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), endpoint.getPort())) {
            client.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            client.getInputStream().transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Probes up to 50 times, 100 ms apart. */
    private static boolean stopsAccepting(int port) throws InterruptedException {
        for (int probe = 0; probe < 50; probe++) {
            if (!accepts(port)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
