package io.omicsdropzone.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares, on the same generated files and in one run: (a) the streaming validator, (b) a raw Jackson token scan
 * (the ceiling: it reads every token and checks nothing), (c) ObjectMapper.readTree plus the same checks on the tree
 * (the usual way). Every measurement runs in a fresh JVM.
 *
 * <ul>
 *   <li>Speed: {@value #THROUGHPUT_HEAP} heap, default collector, warm-up by time, median of the repetitions; wall
 *       clock and the process's CPU time (which includes GC threads and is steadier on a shared machine).</li>
 *   <li>Peak live heap: one pass with the serial collector and an {@value #PROBE_YOUNG_GEN} young generation, so
 *       collections come every few megabytes; the highest heap occupancy right after a collection is what the
 *       candidate kept alive.</li>
 *   <li>Smallest heap: the lowest -Xmx on a ladder with which one pass completes (binary search).</li>
 *   <li>The ~1 GB file: every candidate with -Xmx{@value #SMALL_HEAP}.</li>
 * </ul>
 *
 * <p>Options: {@code --data DIR} where files are generated (and reused), {@code --report FILE} where the Markdown is
 * written, {@code quick} for shorter runs and no heap ladder, {@code no-gb} to skip the ~1 GB file,
 * {@code sheets-only} for the samplesheet section alone ({@link SampleSheetBenchmark}).
 */
public final class Benchmark {

    private static final int[] HEAP_LADDER_MB = {8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024,
        1536, 2048, 3072};
    private static final String THROUGHPUT_HEAP = "3g";
    private static final String SMALL_HEAP = "128m";
    private static final String PROBE_YOUNG_GEN = "8m";
    private static final int GB_FILE_LANES = 46;

    private record Workload(String title, int entries, int lanes, Path file) {
    }

    /** Everything measured for one candidate on one file. */
    private record Measured(JsonNode speed, JsonNode heapProbe, String smallestHeap) {
    }

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        boolean quick = options.contains("quick") || options.contains("--quick");
        boolean gigabyte = !options.contains("no-gb") && !options.contains("--no-gb");
        boolean sheetsOnly = options.contains("sheets-only") || options.contains("--sheets-only");
        Path data = Path.of(option(options, "--data", "target/bench-data"));
        Path report = Path.of(option(options, "--report", "target/bench-results.md"));
        Instant started = Instant.now();

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Machine: %d cores, Java %s (%s); %s mode.%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), quick ? "quick" : "full"));
        System.out.print(out);

        if (sheetsOnly) {
            out.append(SampleSheetBenchmark.run(data, quick));
            finish(out, started, report);
            return;
        }
        List<Workload> workloads = new ArrayList<>();
        for (int entries : new int[] {100, 10_000, 100_000}) {
            workloads.add(new Workload(String.format(Locale.ROOT, "%,d entries", entries), entries, 2,
                    generate(data, entries, 2)));
        }

        out.append(section(String.format(Locale.ROOT, "Files of ~1 KB entries (speed with -Xmx%s)",
                THROUGHPUT_HEAP)));
        out.append(tableHeader());
        List<String> ratios = new ArrayList<>();
        for (Workload workload : workloads) {
            Map<Candidate, Measured> results = new EnumMap<>(Candidate.class);
            for (Candidate candidate : Candidate.JSON_READERS) {
                JsonNode speed = ChildJvm.run(candidate, workload.file(), List.of("-Xmx" + THROUGHPUT_HEAP),
                        quick ? 1_500 : 4_000, quick ? 5 : 9, quick ? 300 : 500, 900);
                JsonNode probe = heapProbe(candidate, workload.file(), THROUGHPUT_HEAP);
                String smallest = quick ? "—" : smallestHeap(candidate, workload.file());
                results.put(candidate, new Measured(speed, probe, smallest));
            }
            String rows = rows(workload, results);
            out.append(rows);
            System.out.print(rows);
            ratios.add(ratioLine(workload, results));
        }
        out.append('\n').append(String.join("\n", ratios)).append('\n');
        if (quick) {
            Workload large = workloads.get(2);
            JsonNode result = ChildJvm.run(Candidate.VALIDATOR, large.file(), List.of("-Xmx64m"), 0, 1, 0, 600);
            out.append(String.format(Locale.ROOT, "- %s with -Xmx64m: %s%n", large.title(),
                    describeOutcome(result)));
        }

        if (gigabyte) {
            Workload gb = new Workload("~1 GB, 100,000 entries of ~10 KB", 100_000, GB_FILE_LANES,
                    generate(data, 100_000, GB_FILE_LANES));
            out.append(section(String.format(Locale.ROOT, "The %.2f GB file (%,d entries), every candidate with -Xmx%s",
                    Files.size(gb.file()) / 1e9, gb.entries(), SMALL_HEAP)));
            out.append(tableHeader());
            Map<Candidate, Measured> results = new EnumMap<>(Candidate.class);
            for (Candidate candidate : Candidate.JSON_READERS) {
                boolean once = quick || candidate == Candidate.TREE_PEER;
                // One pass is seconds long: a single warm-up pass (1 ms of warm-up time) is enough for the JIT.
                JsonNode speed = ChildJvm.run(candidate, gb.file(), List.of("-Xmx" + SMALL_HEAP), once ? 0 : 1,
                        once ? 1 : 3, 0, 900);
                JsonNode probe = "ok".equals(speed.path("outcome").asText())
                        ? heapProbe(candidate, gb.file(), SMALL_HEAP) : speed;
                results.put(candidate, new Measured(speed, probe, "—"));
            }
            out.append(rows(gb, results)).append('\n').append(ratioLine(gb, results)).append('\n');
        }

        out.append(SampleSheetBenchmark.run(data, quick));
        finish(out, started, report);
    }

    private static void finish(StringBuilder out, Instant started, Path report) throws IOException {
        out.append(String.format(Locale.ROOT, "%nTotal benchmark time: %d s%n",
                Duration.between(started, Instant.now()).toSeconds()));
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, out.toString(), StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(out);
        System.out.println("Written to " + report.toAbsolutePath());
    }

    private static Path generate(Path data, int entries, int lanes) throws IOException {
        long start = System.nanoTime();
        Path file = RunSettingsFileGenerator.ensure(data, entries, lanes);
        System.out.printf(Locale.ROOT, "file %s: %.1f MB (%.1f s)%n", file.getFileName(), Files.size(file) / 1e6,
                (System.nanoTime() - start) / 1e9);
        return file;
    }

    /** One pass with frequent young collections, so the after-collection peak follows what stays alive. */
    static JsonNode heapProbe(Candidate candidate, Path file, String maxHeap)
            throws IOException, InterruptedException {
        return ChildJvm.run(candidate, file, List.of("-Xmx" + maxHeap, "-XX:+UseSerialGC", "-Xmn" + PROBE_YOUNG_GEN),
                0, 1, 0, 900);
    }

    private static String section(String title) {
        return "\n### " + title + "\n\n";
    }

    private static String tableHeader() {
        return "| file | candidate | MB/s | MB/s per CPU-second | entries/s | peak live heap | smallest -Xmx"
                + " | outcome |\n|---|---|---:|---:|---:|---:|---:|---|\n";
    }

    private static String rows(Workload workload, Map<Candidate, Measured> results) throws IOException {
        StringBuilder rows = new StringBuilder();
        double megabytes = Files.size(workload.file()) / 1e6;
        for (Map.Entry<Candidate, Measured> result : results.entrySet()) {
            JsonNode speed = result.getValue().speed();
            JsonNode probe = result.getValue().heapProbe();
            boolean ok = ok(speed);
            double seconds = ok ? median(speed.get("nanosPerPass")) / 1e9 : Double.NaN;
            double cpuSeconds = ok ? median(speed.get("cpuNanosPerPass")) / 1e9 : Double.NaN;
            rows.append(String.format(Locale.ROOT, "| %s (%.1f MB) | %s | %s | %s | %s | %s | %s | %s |%n",
                    workload.title(), megabytes, result.getKey().label(),
                    ok ? String.format(Locale.ROOT, "%.0f", megabytes / seconds) : "—",
                    ok ? String.format(Locale.ROOT, "%.0f", megabytes / cpuSeconds) : "—",
                    ok ? String.format(Locale.ROOT, "%,.0f", workload.entries() / seconds) : "—",
                    ok(probe) ? String.format(Locale.ROOT, "%.1f MB", probe.get("peakHeapAfterGcBytes").asLong() / 1e6)
                            : "—",
                    result.getValue().smallestHeap(),
                    describeOutcome(speed)));
        }
        return rows.toString();
    }

    private static String ratioLine(Workload workload, Map<Candidate, Measured> results) {
        JsonNode a = results.get(Candidate.VALIDATOR).speed();
        JsonNode b = results.get(Candidate.RAW_SCAN).speed();
        JsonNode c = results.get(Candidate.TREE_PEER).speed();
        return String.format(Locale.ROOT, "- %s: a/b = %s (CPU: %s), a/c = %s (CPU: %s)", workload.title(),
                ratio(a, b, "nanosPerPass"), ratio(a, b, "cpuNanosPerPass"),
                ratio(a, c, "nanosPerPass"), ratio(a, c, "cpuNanosPerPass"));
    }

    /** Throughput of {@code x} over throughput of {@code y}: the inverse ratio of their median times per pass. */
    private static String ratio(JsonNode x, JsonNode y, String timings) {
        if (!ok(x) || !ok(y)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f", median(y.get(timings)) / median(x.get(timings)));
    }

    static boolean ok(JsonNode result) {
        return "ok".equals(result.path("outcome").asText());
    }

    private static String describeOutcome(JsonNode result) {
        String outcome = result.path("outcome").asText();
        if (!"ok".equals(outcome)) {
            return "**" + outcome + "**";
        }
        long errors = result.path("errors").asLong();
        return errors == 0 ? "ok" : "ok, " + errors + " errors reported";
    }

    /** The smallest ladder heap that completes one pass (binary search; completing is monotonic in the heap). */
    static String smallestHeap(Candidate candidate, Path file) throws IOException, InterruptedException {
        int low = 0;
        int high = HEAP_LADDER_MB.length - 1;
        if (!completes(candidate, file, HEAP_LADDER_MB[high])) {
            return "> " + HEAP_LADDER_MB[high] + " MB";
        }
        while (low < high) {
            int middle = (low + high) / 2;
            if (completes(candidate, file, HEAP_LADDER_MB[middle])) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return HEAP_LADDER_MB[high] + " MB";
    }

    private static boolean completes(Candidate candidate, Path file, int heapMb)
            throws IOException, InterruptedException {
        return ok(ChildJvm.run(candidate, file, List.of("-Xmx" + heapMb + "m"), 0, 1, 0, 180));
    }

    static double median(JsonNode values) {
        double[] sorted = new double[values.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = values.get(i).asDouble();
        }
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String option(List<String> options, String name, String fallback) {
        int at = options.indexOf(name);
        return at >= 0 && at + 1 < options.size() ? options.get(at + 1) : fallback;
    }
}
