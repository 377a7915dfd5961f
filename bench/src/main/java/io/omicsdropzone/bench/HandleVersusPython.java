package io.omicsdropzone.bench;

import io.omicsdropzone.local.LocalEnvironment;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A cold {@code handle} of one 20-run drop, a new process each time, beside a Python boto3 handler doing the same work
 * ({@code bench/cold_handle.py}: HeadObject, the claim, GetObject, the file parsed and checked, StartRunBatch, the
 * record, Publish) against the same stand-ins: JDK 17 (no cache), JDK 25 without and with
 * {@code function/target/function.aot}, and JDK 17 with an AppCDS archive ({@code -XX:SharedArchiveFile}, JEP 350), the
 * JDK 17 counterpart of the AOT cache, which the benchmark trains itself with one untimed {@code handle} run. Each round runs every candidate once on a fresh drop, in a rotating order so
 * a burst of load on the shared machine does not land on one candidate; the report gives medians and ratios to Python.
 * Classes loaded come from one extra {@code -Xlog:class+load} run per JVM (not timed); Python's column counts the
 * modules in {@code sys.modules}. Max RSS is {@code /usr/bin/time}'s.
 *
 * <p>Options: {@code --root DIR}, {@code --runs N} (default 7), {@code --jdk17 JAVA_HOME}, {@code --jdk25 JAVA_HOME},
 * {@code --python COMMAND} (default python3), {@code --baseline JAR} (another build's function.jar, run on JDK 25; the
 * report then gives the classes and time against it), {@code --no-cds} (no JDK 17 archive),
 * {@code --c1} (JDK 17 with {@code -XX:TieredStopAtLevel=1} too), {@code --report FILE}, {@code --runs 0} (the class
 * counts alone), {@code --explore} (one Java handle with the
 * SDK's request log, to see the calls the Python handler mirrors).
 */
public final class HandleVersusPython {

    private record Candidate(String name, List<String> command, boolean jvm) {
    }

    static final String JDK17_CDS = "JDK 17 + AppCDS archive";
    static final String BASELINE = "JDK 25, baseline jar";
    /** Relative to the root, as the jar's path is: the archive records the class path it was dumped with. */
    static final String CDS_ARCHIVE = "bench/target/function-jdk17.jsa";

    private record Result(int exit, double millis, long rssKb, String output) {
    }

    private final Path root;
    private final StringBuilder report = new StringBuilder();
    private Path classLogs;
    private int keys;

    private HandleVersusPython(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--explore") || args[i].equals("--c1") || args[i].equals("--no-cds")) {
                options.put(args[i], "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path root = Path.of(options.getOrDefault("--root", ".")).toAbsolutePath().normalize();
        int runs = Integer.parseInt(options.getOrDefault("--runs", "7"));
        HandleVersusPython bench = new HandleVersusPython(root);
        if (options.containsKey("--class-logs")) {
            bench.classLogs = Path.of(options.get("--class-logs"));
        }
        List<Candidate> candidates = bench.candidates(options);
        try (LocalEnvironment env = LocalEnvironment.start()) {
            // The inputs every drop names exist, so both sides take the whole valid path: pre-flight, StartRunBatch.
            env.createInputsNamedIn(bench.twentyRuns());
            if (options.containsKey("--explore")) {
                bench.explore(env, candidates.get(0));
                return;
            }
            bench.line("# Cold handle against Python, " + LocalDate.now() + ": " + runs + " rounds, "
                    + Runtime.getRuntime().availableProcessors() + " CPUs, load " + loadAverage());
            bench.line("");
            bench.line(String.format(Locale.ROOT, "function.jar: %,d bytes", Files.size(root.resolve(
                    "function/target/function.jar"))));
            if (candidates.stream().anyMatch(c -> c.name().equals(JDK17_CDS))) {
                bench.trainCdsArchive(env, options.get("--jdk17"));
            }
            bench.compare(env, candidates, runs);
            bench.line("");
            bench.line("load average at the end: " + loadAverage());
        }
        if (options.containsKey("--report")) {
            Files.writeString(Path.of(options.get("--report")), bench.report);
        }
    }

    private List<Candidate> candidates(Map<String, String> options) throws IOException {
        List<Candidate> candidates = new ArrayList<>();
        String jar = "function/target/function.jar";
        String jdk17 = options.get("--jdk17");
        String jdk25 = options.getOrDefault("--jdk25", System.getProperty("java.home"));
        if (jdk17 != null) {
            candidates.add(new Candidate("JDK 17", List.of(java(jdk17), "-jar", jar), true));
            if (!options.containsKey("--no-cds")) {
                // Written by trainCdsArchive before the rounds; -Xshare:on: an archive the JVM cannot map is an error.
                candidates.add(new Candidate(JDK17_CDS, List.of(java(jdk17), "-XX:SharedArchiveFile=" + CDS_ARCHIVE,
                        "-Xshare:on", "-jar", jar), true));
            }
            if (options.containsKey("--c1")) {
                // The tracking functions' JAVA_TOOL_OPTIONS: C1 only, which a short process profits from.
                candidates.add(new Candidate("JDK 17, C1 only", List.of(java(jdk17), "-XX:TieredStopAtLevel=1",
                        "-jar", jar), true));
            }
        }
        candidates.add(new Candidate("JDK 25", List.of(java(jdk25), "-jar", jar), true));
        if (options.containsKey("--baseline")) {
            // An earlier build's function.jar (e.g. main's), for the before/after of this branch.
            candidates.add(new Candidate(BASELINE, List.of(java(jdk25), "-jar", options.get("--baseline")), true));
        }
        if (Files.isRegularFile(root.resolve("function/target/function.aot"))) {
            // AOTMode=on: a cache this JVM cannot use is an error, not a quiet run without it.
            candidates.add(new Candidate("JDK 25 + AOT cache", List.of(java(jdk25),
                    "-XX:AOTCache=function/target/function.aot", "-XX:AOTMode=on", "-jar", jar), true));
        }
        candidates.add(new Candidate("Python 3 + boto3", List.of(options.getOrDefault("--python", "python3"),
                "bench/cold_handle.py"), false));
        return candidates;
    }

    private static String java(String home) {
        return Path.of(home, "bin", "java").toString();
    }

    private void explore(LocalEnvironment env, Candidate java) throws Exception {
        List<String> command = new ArrayList<>(java.command());
        command.add(1, "-Dorg.slf4j.simpleLogger.log.software.amazon.awssdk.request=debug");
        command.add("handle");
        command.add(eventFile(env).toString());
        Result result = run(command, env.environment(), false);
        result.output().lines().filter(l -> l.contains("Sending Request") || l.contains("X-Amz-Target")
                || l.startsWith("{")).forEach(System.out::println);
        System.out.println("exit " + result.exit());
        Result python = run(handle(new Candidate("python", List.of("python3", "bench/cold_handle.py"), false),
                eventFile(env)), env.environment(), false);
        System.out.println(python.output());
        System.out.println("exit " + python.exit());
    }

    private void compare(LocalEnvironment env, List<Candidate> candidates, int runs) throws Exception {
        Map<String, String> loaded = new LinkedHashMap<>();
        for (Candidate candidate : candidates) {
            loaded.put(candidate.name(), countLoaded(env, candidate));
        }
        if (runs == 0) {
            line("");
            line("| candidate | classes (Python: modules) |");
            line("|---|---:|");
            loaded.forEach((name, count) -> line("| " + name + " | " + count + " |"));
            return;
        }
        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (int round = 0; round < runs; round++) {
            for (int i = 0; i < candidates.size(); i++) {
                Candidate candidate = candidates.get((i + round) % candidates.size());
                Result result = run(handle(candidate, eventFile(env)), env.environment(), true);
                if (result.exit() != 0) {
                    throw new IllegalStateException(candidate.name() + " exited " + result.exit() + ":\n"
                            + result.output());
                }
                results.computeIfAbsent(candidate.name(), c -> new ArrayList<>()).add(result);
            }
        }
        double python = median(results.get("Python 3 + boto3").stream().map(Result::millis).toList());
        line("");
        line("| candidate (a new process per drop) | wall ms, median | / Python | classes (Python: modules) | max RSS MB, median |");
        line("|---|---:|---:|---:|---:|");
        for (Candidate candidate : candidates) {
            List<Result> r = results.get(candidate.name());
            double millis = median(r.stream().map(Result::millis).toList());
            double rss = median(r.stream().map(x -> (double) x.rssKb()).toList()) / 1024;
            line(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %s | %.0f |", candidate.name(), millis,
                    millis / python, loaded.get(candidate.name()), rss));
        }
        Candidate baseline = candidates.stream().filter(c -> c.name().equals(BASELINE)).findFirst().orElse(null);
        if (baseline != null) {
            double before = median(results.get(BASELINE).stream().map(Result::millis).toList());
            double after = median(results.get("JDK 25").stream().map(Result::millis).toList());
            line("");
            line(String.format(Locale.ROOT, "Against the baseline jar (JDK 25, no cache): classes %s → %s (%.2f), "
                    + "wall %.0f → %.0f ms (%.2f)", loaded.get(BASELINE), loaded.get("JDK 25"), count(loaded.get("JDK 25"))
                    / count(loaded.get(BASELINE)), before, after, after / before));
        }
        line("");
        line("Each wall time (ms) in round order:");
        for (Candidate candidate : candidates) {
            line("- " + candidate.name() + ": " + results.get(candidate.name()).stream()
                    .map(r -> String.format(Locale.ROOT, "%.0f", r.millis())).collect(Collectors.joining(", ")));
        }
    }

    /** Classes loaded by one cold handle (every "class,load" line), or Python's module count. */
    private String countLoaded(LocalEnvironment env, Candidate candidate) throws Exception {
        List<String> command = new ArrayList<>(handle(candidate, eventFile(env)));
        if (!candidate.jvm()) {
            Map<String, String> environment = new LinkedHashMap<>(env.environment());
            environment.put("COLD_HANDLE_MODULES", "1");
            Result result = run(command, environment, false);
            return result.output().lines().filter(l -> l.startsWith("modules loaded: "))
                    .map(l -> l.substring("modules loaded: ".length()).trim()).findFirst().orElse("?");
        }
        Path log = Files.createTempFile("class-load", ".log");
        try {
            command.add(1, "-Xlog:class+load=info:file=" + log);
            Result result = run(command, env.environment(), false);
            if (result.exit() != 0) {
                throw new IllegalStateException(candidate.name() + " exited " + result.exit() + ":\n" + result.output());
            }
            if (classLogs != null) {
                Files.createDirectories(classLogs);
                Files.copy(log, classLogs.resolve(candidate.name().replaceAll("[^A-Za-z0-9]+", "-") + ".log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            try (Stream<String> lines = Files.lines(log)) {
                return String.format(Locale.ROOT, "%,d", lines.filter(l -> l.contains(" source: ")).count());
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static List<String> handle(Candidate candidate, Path event) {
        List<String> command = new ArrayList<>(candidate.command());
        if (candidate.jvm()) {
            command.add("handle");
        }
        command.add(event.toString());
        return command;
    }

    /** A fresh 20-run file in the input bucket (a new key each time: a repeated key is a no-op) and its S3 event. */
    private Path eventFile(LocalEnvironment env) throws IOException {
        String key = "incoming/versus-" + ProcessHandle.current().pid() + "-" + (++keys) + ".json";
        byte[] bytes = twentyRuns().getBytes(StandardCharsets.UTF_8);
        PutObjectResponse put = env.upload(key, bytes);
        Path event = Files.createTempFile("versus-event", ".json");
        event.toFile().deleteOnExit();
        Files.writeString(event, LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, key, put.eTag(),
                bytes.length));
        return event;
    }

    private String twentyRuns() {
        return IntStream.rangeClosed(1, 20)
                .mapToObj(i -> String.format("{\"runSettingId\":\"cold-%02d\",\"name\":\"versus %d\","
                        + "\"parameters\":{\"sample_id\":\"S%02d\",\"reads\":\"s3://lab/S%02d.fq.gz\"},"
                        + "\"runTags\":{\"cohort\":\"cold\"}}", i, i, i, i))
                .collect(Collectors.joining(",\n", "[\n", "\n]"));
    }

    /** Wall time from start to exit; {@code /usr/bin/time} adds the max RSS. Only the given environment is passed. */
    private Result run(List<String> command, Map<String, String> environment, boolean measureRss)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (measureRss) {
            full.addAll(List.of("/usr/bin/time", "-f", "MAXRSS_KB=%M"));
        }
        full.addAll(command);
        TimedProcess.Result timed = TimedProcess.run(full, environment, root);
        String text = timed.output();
        long rss = text.lines().filter(l -> l.startsWith("MAXRSS_KB=")).mapToLong(l -> Long.parseLong(l.substring(10).trim()))
                .findFirst().orElse(0);
        return new Result(timed.exit(), timed.millis(), rss, text);
    }

    /**
     * The JDK 17 archive: one {@code handle} of a fresh drop with {@code -XX:ArchiveClassesAtExit} (dynamic AppCDS, JEP
     * 350; lambda proxies included since JDK 16), as a CLI user on JDK 17 would make it. Not timed.
     */
    private void trainCdsArchive(LocalEnvironment env, String jdk17) throws Exception {
        Path archive = root.resolve(CDS_ARCHIVE);
        Files.createDirectories(archive.getParent());
        Files.deleteIfExists(archive);
        Result result = run(List.of(java(jdk17), "-XX:ArchiveClassesAtExit=" + CDS_ARCHIVE, "-jar",
                "function/target/function.jar", "handle", eventFile(env).toString()), env.environment(), false);
        if (result.exit() != 0 || !Files.isRegularFile(archive)) {
            throw new IllegalStateException("the JDK 17 AppCDS training run exited " + result.exit() + ":\n"
                    + result.output());
        }
        line(String.format(Locale.ROOT, "JDK 17 AppCDS archive: %,d bytes, from one handle run", Files.size(archive)));
    }

    private static double count(String formatted) {
        return Double.parseDouble(formatted.replace(",", ""));
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }
}
