package io.omicsdropzone.bench;

import io.omicsdropzone.app.TempFileSpool;
import io.omicsdropzone.aws.S3InputObjects;
import io.omicsdropzone.local.standins.S3Server;
import io.omicsdropzone.validation.InputObjects;
import io.omicsdropzone.validation.Preflight;
import io.omicsdropzone.validation.ProgressListener;
import io.omicsdropzone.validation.RunSettingsValidator;
import io.omicsdropzone.validation.ValidationReport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pre-flight input checks against the S3 stand-in (s3proxy on 127.0.0.1, in this process): a file of
 * {@value #RUNS} runs naming 2 distinct input objects each ({@value #RUNS} × 2 = 200,000 HeadObject calls), all
 * existing. Side by side, in one process and on the same file: validation alone, then validation with input checks
 * at several concurrencies. Prints HEAD checks per second, the share of the validation time the checks take, and the
 * heap the checks keep alive (peak after GC, minus the peak of validation alone) next to what a set of all 200,000
 * URIs would hold. Absolute figures depend on the machine (2 shared cores here) and on s3proxy, not on S3.
 *
 * <p>Run: {@code ./mvnw -q -pl bench -am -Pbench -DskipTests -Dexec.mainClass=io.omicsdropzone.bench.PreflightBenchmark}
 */
public final class PreflightBenchmark {

    static final int RUNS = 100_000;
    private static final String BUCKET = "bench-inputs";
    private static final String REGION = "us-east-1";

    private PreflightBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        int runs = options.contains("quick") ? 10_000 : RUNS;
        int[] concurrencies = options.stream().filter(o -> o.startsWith("concurrency="))
                .map(o -> o.substring("concurrency=".length()).split(","))
                .findFirst().map(list -> java.util.Arrays.stream(list).mapToInt(Integer::parseInt).toArray())
                .orElse(new int[] {4, 16, 32});
        if (options.contains("memory-only")) {
            concurrencies = new int[0]; // only the in-memory row: the checks' own heap, quickly
        }
        Path file = Files.createTempFile("preflight-bench", ".json");
        AwsBasicCredentials credentials = AwsBasicCredentials.create("AKIDBENCH", "bench-secret");
        try (S3Server server = S3Server.start(credentials); S3Client s3 = server.newClient(REGION)) {
            s3.createBucket(b -> b.bucket(BUCKET));
            List<String> keys = new ArrayList<>(2 * runs);
            for (int i = 0; i < runs; i++) {
                keys.add("run/S" + i + "_R1.fastq.gz");
                keys.add("run/S" + i + "_R2.fastq.gz");
            }
            long seeded = System.nanoTime();
            server.seed(BUCKET, keys);
            System.out.printf(Locale.ROOT, "seeded %,d objects in %.1f s%n", keys.size(), seconds(seeded));
            keys = null;
            write(file, runs);
            System.out.printf(Locale.ROOT, "file: %,d runs, %,d bytes%n", runs, Files.size(file));

            // warm-up: JIT for the validator; the checks' own run is long enough to warm up within it
            validate(file, Preflight.NONE);

            long baseHeap = usedAfterGc();
            long start = System.nanoTime();
            ValidationReport plain = validate(file, Preflight.NONE);
            double plainSeconds = seconds(start);
            System.out.printf(Locale.ROOT, "%nvalidation alone: %.2f s (%s)%n", plainSeconds, plain.valid() ? "valid" : "INVALID");

            System.out.println("\n| concurrency | HEAD calls | time with checks | HEAD/s | checks' share of the time | heap kept by the checks |");
            System.out.println("|---|---|---|---|---|---|");
            for (int concurrency : concurrencies) {
                AtomicLong calls = new AtomicLong();
                Preflight preflight = new Preflight(null, counting(new S3InputObjects(s3), calls), List.of(),
                        concurrency, new TempFileSpool());
                long before = usedAfterGc();
                AtomicLong peak = new AtomicLong(before);
                Thread sampler = new Thread(() -> {
                    // heap in use right after a full collection, every 2 s while the checks run
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            Thread.sleep(2_000);
                        } catch (InterruptedException e) {
                            return;
                        }
                        peak.accumulateAndGet(usedAfterGc(), Math::max);
                    }
                });
                sampler.setDaemon(true);
                sampler.start();
                start = System.nanoTime();
                ValidationReport checked = validate(file, preflight);
                double checkedSeconds = seconds(start);
                sampler.interrupt();
                sampler.join();
                if (!checked.valid()) {
                    throw new IllegalStateException("every input exists, yet: " + checked.errors());
                }
                System.out.printf(Locale.ROOT, "| %d | %,d | %.1f s | %,.0f | %.0f %% | %s |%n", concurrency,
                        calls.get(), checkedSeconds, calls.get() / checkedSeconds,
                        100 * (checkedSeconds - plainSeconds) / checkedSeconds,
                        mb(Math.max(0, peak.get() - before)));
            }

            // The checks' own memory, without the in-process s3proxy: answers from memory, sampled every 100 ms.
            long before = usedAfterGc();
            AtomicLong peak = new AtomicLong(before);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                    peak.accumulateAndGet(usedAfterGc(), Math::max);
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            AtomicLong answered = new AtomicLong();
            start = System.nanoTime();
            ValidationReport inMemory = validate(file, new Preflight(null, counting(new InputObjects() {
                @Override
                public Existence object(String bucket, String key) {
                    return Existence.FOUND;
                }

                @Override
                public Existence anyUnder(String bucket, String prefix) {
                    return Existence.FOUND;
                }
            }, answered), List.of(), 16, new TempFileSpool()));
            double inMemorySeconds = seconds(start);
            sampler.interrupt();
            sampler.join();
            System.out.printf(Locale.ROOT, "%nwith answers from memory instead of s3proxy: %,d checks in %.2f s (%s),"
                    + " heap kept by validation + checks: %s%n", answered.get(), inMemorySeconds,
                    inMemory.valid() ? "valid" : "INVALID", mb(Math.max(0, peak.get() - before)));

            Set<String> everyUri = new HashSet<>();
            for (int i = 0; i < runs; i++) {
                everyUri.add("s3://" + BUCKET + "/run/S" + i + "_R1.fastq.gz");
                everyUri.add("s3://" + BUCKET + "/run/S" + i + "_R2.fastq.gz");
            }
            long withSet = usedAfterGc();
            System.out.printf(Locale.ROOT, "%nfor comparison, a HashSet of all %,d URIs keeps %s alive%n",
                    everyUri.size(), mb(Math.max(0, withSet - baseHeap)));
            java.lang.ref.Reference.reachabilityFence(everyUri);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static ValidationReport validate(Path file, Preflight preflight) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new RunSettingsValidator().validate(in, Files.size(file), ProgressListener.NONE, preflight);
        }
    }

    private static InputObjects counting(InputObjects objects, AtomicLong calls) {
        return new InputObjects() {
            @Override
            public Existence object(String bucket, String key) {
                calls.incrementAndGet();
                return objects.object(bucket, key);
            }

            @Override
            public Existence anyUnder(String bucket, String prefix) {
                calls.incrementAndGet();
                return objects.anyUnder(bucket, prefix);
            }
        };
    }

    private static void write(Path file, int runs) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("[\n");
            for (int i = 0; i < runs; i++) {
                out.write((i == 0 ? "" : ",\n") + "{\"runSettingId\":\"S" + i + "\",\"name\":\"sample S" + i
                        + "\",\"outputUri\":\"s3://bench-out/runs/S" + i + "/\",\"parameters\":{\"sample_id\":\"S" + i
                        + "\",\"fastq_1\":\"s3://" + BUCKET + "/run/S" + i + "_R1.fastq.gz\",\"fastq_2\":\"s3://"
                        + BUCKET + "/run/S" + i + "_R2.fastq.gz\",\"min_quality\":20}}");
            }
            out.write("\n]\n");
        }
    }

    private static long usedAfterGc() {
        System.gc();
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
