package io.omicsdropzone.bench;

import io.omicsdropzone.bench.TimedProcess.Result;
import io.omicsdropzone.local.AotCacheTraining;
import io.omicsdropzone.local.LocalEnvironment;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The cold path, measured side by side on this machine against the stand-ins (one {@link LocalEnvironment} for the whole
 * invocation); every figure is a median over {@code --runs} interleaved runs, each in a new process, and the report
 * prints ratios, which survive a busy machine better than absolute times.
 *
 * <ol>
 *   <li><b>Submit handler in-process</b> ({@link InvokeProcess}): init, first and second invoke, loaded classes, without
 *       and with the SnapStart priming hook run during init.</li>
 *   <li><b>Whole process</b>: {@code handle} (a 20-run file), {@code validate} (the same file, local) and
 *       {@code status}, with and without {@code function/target/function.aot} (the build writes it on JDK 25+).</li>
 *   <li><b>JIT</b>: large files validated with the default tiered JIT and with {@code -XX:TieredStopAtLevel=1}, and a
 *       cold {@code handle} with each, in CPU and wall time ({@link CpuTimedMain}): the per-function choice of the
 *       Lambda's {@code JAVA_TOOL_OPTIONS}.</li>
 * </ol>
 *
 * <p>The comparison with a Python boto3 handler doing the same work is {@link HandleVersusPython} ({@code -Pversus-python}).
 *
 * <p>Options: {@code --root DIR} (the repository root), {@code --runs N} (default 5), {@code --data DIR} (generated
 * files), {@code --validate-entries N} and {@code --jit-lanes A,B} (the large files: default 100000 entries at 20 and
 * 90 lanes, about 0.48 and 1.9 GB),
 * {@code --report FILE}, {@code --skip-jit}. The JVM under test is the one running this benchmark.
 */
public final class ColdPathBenchmark {

    private final Path root;
    private final int runs;
    private final Path data;
    private final int validateEntries;
    private final List<Integer> jitLanes;
    private final String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final StringBuilder report = new StringBuilder();
    private int keys;

    private ColdPathBenchmark(Path root, int runs, Path data, int validateEntries, List<Integer> jitLanes) {
        this.root = root;
        this.runs = runs;
        this.data = data;
        this.validateEntries = validateEntries;
        this.jitLanes = jitLanes;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path root = Path.of(options.getOrDefault("--root", ".")).toAbsolutePath().normalize();
        ColdPathBenchmark bench = new ColdPathBenchmark(root, Integer.parseInt(options.getOrDefault("--runs", "5")),
                Path.of(options.getOrDefault("--data", root.resolve("bench/target/bench-data").toString())),
                Integer.parseInt(options.getOrDefault("--validate-entries", "100000")),
                Arrays.stream(options.getOrDefault("--jit-lanes", "20,90").split(",")).map(Integer::valueOf).toList());
        bench.line("# Cold path, " + LocalDate.now() + ": " + System.getProperty("java.vm.name") + " "
                + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, load "
                + loadAverage() + ", medians of " + bench.runs + " runs each");
        try (LocalEnvironment env = LocalEnvironment.start()) {
            // The inputs the drops name exist (pre-flight checks them), so each handle takes the whole valid path.
            env.createInputsNamedIn(twentyRuns("inputs"));
            bench.inProcess(env);
            bench.wholeProcess(env);
            if (!options.containsKey("--skip-jit")) {
                bench.jit(env);
            }
        }
        bench.line("");
        bench.line("load average at the end: " + loadAverage());
        if (options.containsKey("--report")) {
            Files.writeString(Path.of(options.get("--report")), bench.report);
        }
    }

    // ---- 1. the submit handler in one process ----------------------------------------------------------------------

    private void inProcess(LocalEnvironment env) throws Exception {
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        List<String> modes = List.of("plain", "prime");
        for (int run = 0; run < runs; run++) {
            for (String mode : modes) {
                Path first = eventFile(env);
                Path second = eventFile(env);
                List<String> command = List.of(javaCommand, "-cp", jar() + File.pathSeparator + benchClasses(),
                        InvokeProcess.class.getName(), mode,
                        first.toString(), second.toString());
                Result result = TimedProcess.run(command, env.environment(), null);
                String line = result.output().lines().filter(l -> l.startsWith(InvokeProcess.RESULT_PREFIX)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no result from " + mode + ":\n" + result.output()));
                results.computeIfAbsent(mode, m -> new ArrayList<>()).add(Arrays.stream(
                        line.substring(InvokeProcess.RESULT_PREFIX.length()).trim().split(" "))
                        .mapToDouble(Double::parseDouble).toArray());
                Files.delete(first);
                Files.delete(second);
            }
        }
        line("");
        line("## Submit handler in one JVM: init, first and second invoke (ms), loaded classes");
        line("");
        line("| | init | first invoke | second invoke | classes after init | after first | after second |");
        line("|---|---|---|---|---|---|---|");
        for (String mode : modes) {
            List<double[]> r = results.get(mode);
            line(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |",
                    mode.equals("prime") ? "with priming (hook run in init)" : "without priming",
                    median(r, 0), median(r, 1), median(r, 2), median(r, 3), median(r, 4), median(r, 5)));
        }
        List<double[]> plain = results.get("plain");
        List<double[]> prime = results.get("prime");
        line("");
        line(String.format(Locale.ROOT, "first invoke with priming / without: %.2f; init with / without: %.2f; classes "
                        + "loaded by the first invoke with / without: %.0f / %.0f",
                median(prime, 1) / median(plain, 1), median(prime, 0) / median(plain, 0),
                median(prime, 4) - median(prime, 3), median(plain, 4) - median(plain, 3)));
    }

    // ---- 2. whole processes, with and without the AOT cache ----------------------------------------------------------

    private void wholeProcess(LocalEnvironment env) throws Exception {
        line("");
        line("## Whole process (ms): a new JVM per command, with and without function/target/function.aot");
        line("");
        Path cache = root.resolve("function/target/function.aot");
        if (Runtime.version().feature() < AotCacheTraining.FIRST_JDK || !Files.isRegularFile(cache)) {
            line("No AOT cache on this JDK (" + Runtime.version() + "): run the benchmark on JDK 25+ after a build there; "
                    + "only the runs without a cache are measured.");
        }
        boolean withCache = Files.isRegularFile(cache) && Runtime.version().feature() >= AotCacheTraining.FIRST_JDK;
        Path small = data.resolve("cold-path-20-runs.json");
        Files.createDirectories(data);
        Files.writeString(small, twentyRuns("local"));
        Map<String, Map<String, List<Double>>> times = new LinkedHashMap<>();
        List<String> commands = List.of("handle", "validate", "status");
        for (int run = 0; run < runs; run++) {
            for (String command : commands) {
                for (boolean cached : withCache ? List.of(false, true) : List.of(false)) {
                    List<String> args = new ArrayList<>(List.of(javaCommand));
                    if (cached) {
                        // AOTMode=on: a cache the JVM cannot use is an error here, not a silent run without it.
                        args.addAll(List.of("-XX:AOTCache=function/target/function.aot", "-XX:AOTMode=on"));
                    }
                    args.addAll(List.of("-jar", "function/target/function.jar", command));
                    Path event = null;
                    switch (command) {
                        case "handle" -> {
                            event = eventFile(env);
                            args.add(event.toString());
                        }
                        case "validate" -> args.add(small.toString());
                        default -> { }
                    }
                    Result result = TimedProcess.run(args, env.environment(), root);
                    if (result.exit() != 0) {
                        throw new IllegalStateException(String.join(" ", args) + " exited " + result.exit() + ":\n"
                                + result.output());
                    }
                    times.computeIfAbsent(command, c -> new LinkedHashMap<>())
                            .computeIfAbsent(cached ? "cache" : "none", c -> new ArrayList<>()).add(result.millis());
                    if (event != null) {
                        Files.delete(event);
                    }
                }
            }
        }
        line(withCache ? "| command | no cache | AOT cache | AOT / no cache |" : "| command | no cache |");
        line(withCache ? "|---|---|---|---|" : "|---|---|");
        for (String command : commands) {
            double none = median(times.get(command).get("none"));
            if (withCache) {
                double cached = median(times.get(command).get("cache"));
                line(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f |", command, none, cached, cached / none));
            } else {
                line(String.format(Locale.ROOT, "| %s | %.0f |", command, none));
            }
        }
    }

    // ---- 3. default JIT against C1 only --------------------------------------------------------------------------

    private void jit(LocalEnvironment env) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int lanes : jitLanes) {
            files.add(RunSettingsFileGenerator.ensure(data, validateEntries, lanes));
        }
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("default tiered JIT (C1 + C2)", "-XX:TieredStopAtLevel=4");
        flags.put("C1 only (-XX:TieredStopAtLevel=1)", "-XX:TieredStopAtLevel=1");
        // key: flag + "|" + what; values: {wall ms, cpu ms} per run
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            for (Map.Entry<String, String> flag : flags.entrySet()) {
                List<String> args = List.of(javaCommand, flag.getValue(), "-cp", jar() + File.pathSeparator
                        + benchClasses(), CpuTimedMain.class.getName());
                for (Path file : files) {
                    Result result = TimedProcess.run(concat(args, "validate", file.toString()), Map.of(), root);
                    record(results, flag.getKey() + "|" + file.getFileName(), result, "validate " + file);
                }
                Path event = eventFile(env);
                Result cold = TimedProcess.run(concat(args, "handle", event.toString()), env.environment(), root);
                Files.delete(event);
                record(results, flag.getKey() + "|handle", cold, "handle");
            }
        }
        line("");
        line("## JIT: validate of large files and a cold handle, a new JVM each: CPU seconds (user + sys, all threads) "
                + "and wall seconds");
        line("");
        StringBuilder header = new StringBuilder("| JIT |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Path file : files) {
            header.append(String.format(Locale.ROOT, " validate %.0f MB: CPU s | wall s |", Files.size(file) / 1e6));
            rule.append("---|---|");
        }
        line(header.append(" cold handle: CPU s | wall s |").toString());
        line(rule.append("---|---|").toString());
        for (String flag : flags.keySet()) {
            StringBuilder row = new StringBuilder("| " + flag + " |");
            for (Path file : files) {
                List<double[]> r = results.get(flag + "|" + file.getFileName());
                row.append(String.format(Locale.ROOT, " %.2f | %.2f |", median(r, 1) / 1000, median(r, 0) / 1000));
            }
            List<double[]> h = results.get(flag + "|handle");
            line(row.append(String.format(Locale.ROOT, " %.2f | %.2f |", median(h, 1) / 1000, median(h, 0) / 1000))
                    .toString());
        }
        List<String> names = new ArrayList<>(flags.keySet());
        line("");
        for (String what : concat(files.stream().map(f -> f.getFileName().toString()).toList(), "handle")) {
            List<double[]> c1 = results.get(names.get(1) + "|" + what);
            List<double[]> c2 = results.get(names.get(0) + "|" + what);
            line(String.format(Locale.ROOT, "- %s: C1 only / default, CPU %.2f, wall %.2f", what,
                    median(c1, 1) / median(c2, 1), median(c1, 0) / median(c2, 0)));
        }
    }

    private static void record(Map<String, List<double[]>> results, String key, Result result, String what) {
        if (result.exit() != 0) {
            throw new IllegalStateException(what + " exited " + result.exit() + ":\n" + result.output());
        }
        double cpuMillis = result.output().lines().filter(l -> l.startsWith(CpuTimedMain.CPU_PREFIX))
                .mapToDouble(l -> Long.parseLong(l.substring(CpuTimedMain.CPU_PREFIX.length()).trim()) / 1e6)
                .findFirst().orElseThrow(() -> new IllegalStateException(what + " printed no CPU time"));
        results.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {result.millis(), cpuMillis});
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** Where InvokeProcess was loaded from (bench/target/classes): it alone joins function.jar on the class path. */
    private static String benchClasses() throws URISyntaxException {
        return Path.of(InvokeProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private Path jar() {
        return root.resolve("function/target/function.jar");
    }

    /** A fresh 20-run file in the bucket (a new key each time: a repeated key is a no-op) and its S3 event. */
    private Path eventFile(LocalEnvironment env) throws IOException {
        String key = "incoming/cold-" + ProcessHandle.current().pid() + "-" + (++keys) + ".json";
        byte[] content = twentyRuns(key).getBytes(StandardCharsets.UTF_8);
        PutObjectResponse put = env.upload(key, content);
        Path event = Files.createTempFile("cold-path-event", ".json");
        Files.writeString(event, LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, key, put.eTag(),
                content.length));
        return event;
    }

    private static String twentyRuns(String tag) {
        return IntStream.rangeClosed(1, 20)
                .mapToObj(i -> String.format("{\"runSettingId\":\"cold-%02d\",\"name\":\"%s %d\","
                        + "\"parameters\":{\"sample_id\":\"S%02d\",\"reads\":\"s3://lab/S%02d.fq.gz\"},"
                        + "\"runTags\":{\"cohort\":\"cold\"}}", i, tag.replace('"', '\''), i, i, i))
                .collect(Collectors.joining(",\n", "[\n", "\n]"));
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static double median(List<double[]> rows, int column) {
        return median(rows.stream().map(row -> row[column]).toList());
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--skip-jit")) {
                options.put(args[i], "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        return options;
    }

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }
}
