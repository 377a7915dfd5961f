package io.omicsdropzone.local.standins;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The DynamoDB stand-in: dynalite 4 (Apache-2.0, https://github.com/architect/dynalite), a DynamoDB API server on
 * LevelDB, run in memory by {@code node} as a child process on 127.0.0.1 and a free port. One database whatever the
 * credentials or region. Single-item conditional writes, GSIs and sparse indexes behave as in DynamoDB; it has no
 * transactions and no Streams, and ignores ReturnValuesOnConditionCheckFailure.
 *
 * <p>No orphan node outlives the JVM: close() and a shutdown hook stop it, and when the JVM is killed outright the
 * child's stdin pipe closes, on which dynalite-child.js exits.
 */
public final class DynaliteServer implements AutoCloseable {

    private static final String LISTENING = "dynalite-listening ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);
    /** SIGKILL cannot be refused, but on a loaded machine the exit can take a while to be reaped. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);
    private static final int OUTPUT_LINES_KEPT = 20;

    /** dynalite-child.js as a file, written once per JVM. */
    private static Path childScript;

    private final Process process;
    private final int port;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DynaliteServer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.shutdownHook = new Thread(this::stop, "dynalite-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static DynaliteServer start() {
        NodeRuntime runtime = NodeRuntime.locate();
        ProcessBuilder builder = new ProcessBuilder(runtime.node(), childScript().toString(),
                runtime.dynalite().toString(), "127.0.0.1", "0").redirectErrorStream(true);
        // dynalite builds table ARNs from these, so they match the ARNs the other stand-ins make.
        builder.environment().put("AWS_ACCOUNT_ID", StandIns.ACCOUNT_ID);
        builder.environment().put("AWS_REGION", StandIns.REGION);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + runtime.node() + " for dynalite", e);
        }
        int port;
        try {
            port = awaitPort(process);
        } catch (RuntimeException e) {
            destroyTree(process);
            throw e;
        }
        DynaliteServer server = new DynaliteServer(process, port);
        try {
            server.awaitAnswer();
            return server;
        } catch (RuntimeException e) {
            try {
                server.close(); // also removes the shutdown hook
            } catch (RuntimeException stillRunning) {
                e.addSuppressed(stillRunning);
            }
            throw e;
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The node process, so tests can check that close() leaves nothing running. */
    ProcessHandle process() {
        return process.toHandle();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; it finds the process stopped
        }
        if (process.isAlive()) {
            throw new IllegalStateException("dynalite (pid " + process.pid() + ") did not stop");
        }
    }

    private void stop() {
        if (closed.compareAndSet(false, true)) {
            destroyTree(process);
        }
    }

    /** Closing stdin is the polite request (the script exits on it); then SIGTERM, then SIGKILL, children too. */
    private static void destroyTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the pipe is already gone, which is what closing it asks for
        }
        for (ProcessHandle handle : Stream.concat(Stream.of(process.toHandle()), descendants.stream()).toList()) {
            handle.destroy();
            try {
                handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                handle.destroyForcibly();
                handle.onExit().orTimeout(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS).exceptionally(x -> null).join();
            } catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Reads the child's output on a daemon thread (for ever, so the pipe never fills) until the script reports its
     * port; keeps the last lines for the error message if it dies first.
     */
    private static int awaitPort(Process process) {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Deque<String> lastLines = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (!port.isDone() && line.startsWith(LISTENING)) {
                        port.complete(Integer.parseInt(line.substring(LISTENING.length()).strip()));
                    } else {
                        synchronized (lastLines) {
                            lastLines.addLast(line);
                            if (lastLines.size() > OUTPUT_LINES_KEPT) {
                                lastLines.removeFirst();
                            }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("dynalite exited before listening"));
        }, "dynalite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            String output;
            synchronized (lastLines) {
                output = String.join("\n", lastLines);
            }
            throw new IllegalStateException("dynalite did not start within " + START_TIMEOUT.toSeconds() + " s"
                    + (output.isEmpty() ? "" : "; its output:\n" + output), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting dynalite", e);
        }
    }

    /**
     * The listen callback means the socket accepts; one unsigned ListTables proves it is dynalite answering in the
     * DynamoDB JSON protocol (it replies 400 MissingAuthenticationTokenException, as DynamoDB does; see "Error
     * handling with DynamoDB", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html).
     */
    private void awaitAnswer() {
        HttpRequest listTables = HttpRequest.newBuilder(endpoint())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = client.send(listTables, HttpResponse.BodyHandlers.ofString());
            if (!response.body().contains("\"__type\"")) {
                throw new IllegalStateException("127.0.0.1:" + port + " answered ListTables with HTTP "
                        + response.statusCode() + " and no DynamoDB error body: " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("dynalite on 127.0.0.1:" + port + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for dynalite", e);
        }
    }

    /** The resource copied once per JVM to a temporary file: node needs a file path, the resource may sit in a jar. */
    private static synchronized Path childScript() {
        if (childScript == null) {
            try (InputStream script = DynaliteServer.class.getResourceAsStream("/dynalite-child.js")) {
                if (script == null) {
                    throw new IllegalStateException("dynalite-child.js is missing from the class path");
                }
                Path file = Files.createTempFile("dynalite-child", ".js");
                file.toFile().deleteOnExit();
                Files.copy(script, file, StandardCopyOption.REPLACE_EXISTING);
                childScript = file;
            } catch (IOException e) {
                throw new IllegalStateException("could not write dynalite-child.js to a temporary file", e);
            }
        }
        return childScript;
    }
}
