package io.omicsdropzone.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The 100,000-row samplesheet (the HealthOmics limit for one batch) converted and validated (d), next to the JSON
 * validator (a) on the run-settings JSON that sheet becomes: the same runs, so rows/s and entries/s compare directly.
 * Measured like the other sections: fresh JVMs, median of repetitions, wall clock and process CPU time, peak live heap
 * with the serial collector and a small young generation, and (full mode) the smallest -Xmx that completes.
 */
final class SampleSheetBenchmark {

    static final int ROWS = 100_000;
    private static final String HEAP = "3g";

    private SampleSheetBenchmark() {
    }

    static String run(Path data, boolean quick) throws IOException, InterruptedException {
        Path sheet = SampleSheetFiles.ensureSheet(data, ROWS);
        Path json = SampleSheetFiles.ensureJson(sheet);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%n### A %,d-row samplesheet and the JSON it becomes (speed with -Xmx%s)%n%n", ROWS, HEAP));
        out.append("| input | candidate | MB/s | rows or entries/s | CPU-seconds per pass | peak live heap"
                + " | smallest -Xmx | outcome |\n|---|---|---:|---:|---:|---:|---:|---|\n");
        JsonNode validator = measure(Candidate.VALIDATOR, json, quick, out);
        JsonNode converter = measure(Candidate.SAMPLESHEET, sheet, quick, out);
        JsonNode schema = measure(Candidate.SCHEMA_SHEET, SampleSheetFiles.ensureNfCoreSheet(data, ROWS), quick, out);
        if (Benchmark.ok(validator) && Benchmark.ok(converter)) {
            out.append(String.format(Locale.ROOT, "%n- rows/s of d over entries/s of a: %.2f (CPU: %.2f)%n",
                    Benchmark.median(validator.get("nanosPerPass")) / Benchmark.median(converter.get("nanosPerPass")),
                    Benchmark.median(validator.get("cpuNanosPerPass"))
                            / Benchmark.median(converter.get("cpuNanosPerPass"))));
        }
        if (Benchmark.ok(converter) && Benchmark.ok(schema)) {
            out.append(String.format(Locale.ROOT, "- rows/s of e (schema, per sample: %,d runs) over d (template, one"
                    + " run per row): %.2f (CPU: %.2f)%n", ROWS / 4,
                    Benchmark.median(converter.get("nanosPerPass")) / Benchmark.median(schema.get("nanosPerPass")),
                    Benchmark.median(converter.get("cpuNanosPerPass"))
                            / Benchmark.median(schema.get("cpuNanosPerPass"))));
        }
        System.out.print(out);
        return out.toString();
    }

    private static JsonNode measure(Candidate candidate, Path file, boolean quick, StringBuilder out)
            throws IOException, InterruptedException {
        JsonNode speed = ChildJvm.run(candidate, file, List.of("-Xmx" + HEAP), quick ? 1_500 : 4_000,
                quick ? 5 : 9, quick ? 300 : 500, 900);
        JsonNode probe = Benchmark.heapProbe(candidate, file, HEAP);
        String smallest = quick ? "—" : Benchmark.smallestHeap(candidate, file);
        double megabytes = Files.size(file) / 1e6;
        boolean ok = Benchmark.ok(speed);
        double seconds = ok ? Benchmark.median(speed.get("nanosPerPass")) / 1e9 : Double.NaN;
        double cpuSeconds = ok ? Benchmark.median(speed.get("cpuNanosPerPass")) / 1e9 : Double.NaN;
        out.append(String.format(Locale.ROOT, "| %s (%.1f MB) | %s | %s | %s | %s | %s | %s | %s |%n",
                file.getFileName(), megabytes, candidate.label(),
                ok ? String.format(Locale.ROOT, "%.0f", megabytes / seconds) : "—",
                ok ? String.format(Locale.ROOT, "%,.0f", ROWS / seconds) : "—",
                ok ? String.format(Locale.ROOT, "%.2f", cpuSeconds) : "—",
                Benchmark.ok(probe) ? String.format(Locale.ROOT, "%.1f MB",
                        probe.get("peakHeapAfterGcBytes").asLong() / 1e6) : "—",
                smallest,
                ok ? (speed.path("errors").asLong() == 0 ? "ok" : "ok, " + speed.path("errors").asLong() + " errors")
                        : "**" + speed.path("outcome").asText() + "**"));
        return speed;
    }
}
