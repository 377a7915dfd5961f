package io.omicsdropzone.local;

import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes {@code function/target/function.aot}, a JDK 25 AOT cache (JEP 483, 514, 515) for {@code function.jar}, from one
 * representative {@code handle} run against the stand-ins: a 20-run file is read, validated, submitted, recorded and
 * announced, so the classes of every client and of the validator are in the cache. Run by the build in local/'s
 * package phase (function.jar is packaged by then). On an older JDK there is no such cache: it says so in one line.
 *
 * <p>Use the cache with the same JDK and the same jar: {@code java -XX:AOTCache=function/target/function.aot -jar
 * function/target/function.jar ...}. A cache whose JDK or jar does not match is ignored by the JVM with a warning.
 */
public final class AotCacheTraining {

    /** JDK 25 added the one-step {@code -XX:AOTCacheOutput} (JEP 514); JDK 24's two-step form is not worth a branch. */
    public static final int FIRST_JDK = 25;
    static final String TRAINING_KEY = "incoming/aot-training.json";

    private AotCacheTraining() {
    }

    /** Arguments: the repository root (where {@code function/target/function.jar} is). */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path jar = root.resolve("function/target/function.jar");
        Path cache = root.resolve("function/target/function.aot");
        int feature = Runtime.version().feature();
        if (feature < FIRST_JDK) {
            // A cache from an earlier JDK 25 build would not match this jar: remove it rather than leave it stale.
            Files.deleteIfExists(cache);
            System.out.println("[aot] function.aot skipped: this build runs on JDK " + feature + ", and AOT caches "
                    + "(-XX:AOTCacheOutput, JEP 483/514) need JDK " + FIRST_JDK + " or later; function.jar runs without one");
            return;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the function module first");
        }
        long started = System.nanoTime();
        try (LocalEnvironment env = LocalEnvironment.start()) {
            Path event = Files.createTempFile("aot-training-event", ".json");
            try {
                Files.writeString(event, upload(env));
                train(root, cache, event, env.environment());
            } finally {
                Files.deleteIfExists(event);
            }
        }
        System.out.printf("[aot] %s written (%,d bytes) by a handle run against the stand-ins in %.1f s%n",
                root.relativize(cache), Files.size(cache), (System.nanoTime() - started) / 1e9);
    }

    /** A 20-run file (the size the cold-path figures in docs/figures.md use), dropped into the input bucket. */
    static String upload(LocalEnvironment env) {
        String content = IntStream.rangeClosed(1, 20)
                .mapToObj(i -> String.format("{\"runSettingId\":\"aot-%02d\",\"name\":\"training %d\","
                        + "\"parameters\":{\"sample_id\":\"S%02d\",\"reads\":\"s3://lab/S%02d.fq.gz\"},"
                        + "\"runTags\":{\"cohort\":\"aot\"}}", i, i, i, i))
                .collect(Collectors.joining(",\n", "[\n", "\n]"));
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        // The inputs exist, so the run trains the whole path a valid drop takes: pre-flight's checks included.
        env.createInputsNamedIn(content);
        PutObjectResponse put = env.upload(TRAINING_KEY, bytes);
        return LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, TRAINING_KEY, put.eTag(), bytes.length);
    }

    /** Paths relative to the root, as the README's command uses them: the cache records the class path it saw. */
    private static void train(Path root, Path cache, Path event, Map<String, String> environment)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:AOTCacheOutput=" + root.relativize(cache), "-jar", "function/target/function.jar",
                "handle", event.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin"));
        builder.environment().put("HOME", System.getProperty("java.io.tmpdir")); // no ~/.aws profile leaks in
        builder.environment().putAll(environment);
        Files.deleteIfExists(cache);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the AOT training run did not finish in 300 s:\n" + output);
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(cache) || !output.contains("\"SUBMITTED\"")) {
            throw new IllegalStateException("the AOT training run exited " + process.exitValue()
                    + " without submitting its drop or writing " + cache + ":\n" + output);
        }
    }
}
