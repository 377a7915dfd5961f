package io.omicsdropzone.local.standins;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A plain HTTP/1.1 server on 127.0.0.1 and an ephemeral port, turning each exchange into an immutable {@link Request}
 * and writing back the {@link Response} the handler returns. The protocol stand-ins (SNS, HealthOmics) sit on it.
 */
final class LocalHttpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LocalHttpServer.class.getName());

    /** One request as it arrived on the wire: raw (still percent-encoded) path and query, lower-case header names. */
    record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String pathAndQuery() {
            return rawQuery == null || rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
        }
    }

    record Response(int status, Map<String, String> headers, byte[] body) {

        static Response of(int status, String contentType, String body, Map<String, String> extraHeaders) {
            Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
            headers.put("Content-Type", contentType);
            return new Response(status, headers, body.getBytes(StandardCharsets.UTF_8));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static LocalHttpServer start(String name, Function<Request, Response> handler) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, name + "-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.createContext("/", exchange -> serve(exchange, handler));
            server.setExecutor(executor);
            server.start();
            return new LocalHttpServer(server, executor);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new IllegalStateException("cannot open an HTTP port on 127.0.0.1 for " + name, e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static void serve(HttpExchange exchange, Function<Request, Response> handler) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = handler.apply(read(exchange));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "stand-in handler failed", e);
                response = Response.of(500, "text/plain", "stand-in failure: " + e, Map.of());
            }
            response.headers().forEach((key, value) -> exchange.getResponseHeaders().add(key, value));
            boolean noBody = response.body().length == 0 || "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    private static Request read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>()).addAll(values));
        headers.replaceAll((name, values) -> List.copyOf(values));
        URI uri = exchange.getRequestURI();
        return new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), Map.copyOf(headers), body);
    }
}
