package io.omicsdropzone.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One child process timed from start to exit, for the cold-path benchmarks. The child's environment is only what it
 * is given (PATH and a scratch HOME besides), so no ~/.aws file or shell variable leaks into a measurement.
 */
final class TimedProcess {

    record Result(int exit, double millis, String output) {
    }

    private TimedProcess() {
    }

    /** @param directory the working directory, or null for this one */
    static Result run(List<String> command, Map<String, String> environment, Path directory)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin"));
        builder.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(could not read: " + e + ")";
            }
        });
        if (!process.waitFor(600, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 600 s");
        }
        double millis = (System.nanoTime() - started) / 1e6;
        return new Result(process.exitValue(), millis, output.join());
    }
}
