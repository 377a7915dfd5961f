package io.omicsdropzone.bench;

import io.omicsdropzone.app.TempFileSpool;
import io.omicsdropzone.aws.S3InputObjects;
import io.omicsdropzone.local.standins.S3Server;
import io.omicsdropzone.local.standins.faults.FaultFront;
import io.omicsdropzone.local.standins.faults.Service;
import io.omicsdropzone.validation.InputObjects;
import io.omicsdropzone.validation.Preflight;
import io.omicsdropzone.validation.ProgressListener;
import io.omicsdropzone.validation.RunSettingsValidator;
import io.omicsdropzone.validation.ValidationError;
import io.omicsdropzone.validation.ValidationReport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pre-flight input checks at the size of a full batch, against the S3 stand-in behind its fault front with a fixed
 * latency per request (default 20 ms, "tens of milliseconds" being S3's median for small requests): 100,000 runs
 * naming 2 FASTQs each in 200 folders of 1,000 objects, every 50th run also naming an index file in a folder of its own
 * (1 % of the inputs, scattered), 10 of the inputs missing (5 in the folders, 5 scattered).
 *
 * <p>Side by side in one process: (a) today's way, one HeadObject per distinct input, 16 at a time — on a sample of
 * the file (the first {@code sample} runs, default 10,000) because the whole file takes minutes, its time
 * extrapolated by the number of inputs; (b) the folder planner on the whole file. Prints S3 requests, wall time, the
 * ratios, whether every missing input was found, and the client connections the front accepted (keep-alive reuse:
 * run once with {@code connections=5}, the JDK default, and once with the default 16).
 *
 * <p>Run: {@code ./mvnw -q -pl bench -am -DskipTests -Pbench verify
 * -Dexec.mainClass=io.omicsdropzone.bench.PreflightPlannerBenchmark -Dexec.args="latency=20 sample=10000"}
 */
public final class PreflightPlannerBenchmark {

    static final int RUNS = 100_000;
    static final int FOLDERS = 200;
    static final int SCATTER_EVERY = 50;
    private static final String BUCKET = "lab-raw";

    private PreflightPlannerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int latencyMillis = option(args, "latency", 20);
        int sample = option(args, "sample", 10_000);
        int runs = option(args, "runs", RUNS);
        int concurrency = option(args, "concurrency", Preflight.DEFAULT_CONCURRENCY);
        int connections = option(args, "connections", concurrency);
        // Read once per JVM by HttpURLConnection's keep-alive cache: set before the first request.
        System.setProperty("http.maxConnections", Integer.toString(connections));
        Set<String> missing = missingKeys(runs);

        AwsBasicCredentials credentials = AwsBasicCredentials.create("AKIDBENCH", "bench-secret");
        Path file = Files.createTempFile("preflight-planner", ".json");
        Path sampleFile = Files.createTempFile("preflight-planner-sample", ".json");
        try (S3Server server = S3Server.start(credentials);
             FaultFront front = FaultFront.start(Service.S3, server.endpoint());
             S3Client s3 = S3Client.builder().endpointOverride(front.endpoint()).forcePathStyle(true)
                     .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(credentials))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                for (String key : keysOf(i)) {
                    if (!missing.contains(key)) {
                        keys.add(key);
                    }
                }
            }
            long seeding = System.nanoTime();
            server.seed(BUCKET, keys);
            System.out.printf(Locale.ROOT, "seeded %,d objects in %.1f s; %d missing inputs: %s%n", keys.size(),
                    seconds(seeding), missing.size(), missing);
            int inputs = keys.size() + missing.size();
            keys = null;
            write(file, runs);
            write(sampleFile, Math.min(sample, runs));
            int sampleInputs = inputsOf(Math.min(sample, runs));
            System.out.printf(Locale.ROOT, "file: %,d runs, %,d distinct inputs, %,d bytes; sample: %,d runs, %,d"
                    + " inputs%n", runs, inputs, Files.size(file), Math.min(sample, runs), sampleInputs);

            validate(sampleFile, Preflight.NONE); // JIT warm-up of the validator
            long start = System.nanoTime();
            validate(file, Preflight.NONE);
            double alone = seconds(start);

            InputObjects objects = new S3InputObjects(s3);
            long probe = System.nanoTime();
            InputObjects.Page page = objects.list(BUCKET, "seq/run-1/", null, null);
            System.out.printf(Locale.ROOT, "one listing page of a folder (%d keys) without added latency: %.3f s%n",
                    page.keys().size(), seconds(probe));
            probe = System.nanoTime();
            objects.object(BUCKET, keysOf(0).get(0));
            System.out.printf(Locale.ROOT, "one HEAD without added latency: %.3f s%n", seconds(probe));

            // (a) today: one HEAD per distinct input
            front.reset();
            front.latency(Duration.ofMillis(latencyMillis));
            Preflight today = new Preflight(null, objects, List.of(), concurrency, new TempFileSpool())
                    .listingFrom(Integer.MAX_VALUE);
            start = System.nanoTime();
            ValidationReport a = validate(sampleFile, today);
            double aSeconds = seconds(start);
            long aRequests = front.requests();
            long aConnections = front.connectionsAccepted();
            double aFull = aSeconds * inputs / sampleInputs;

            // (b) the planner, whole file
            front.reset();
            front.latency(Duration.ofMillis(latencyMillis));
            Preflight planner = new Preflight(null, objects, List.of(), concurrency, new TempFileSpool());
            start = System.nanoTime();
            ValidationReport b = validate(file, planner);
            double bSeconds = seconds(start);
            long bRequests = front.requests();
            long bConnections = front.connectionsAccepted();

            Set<String> found = new TreeSet<>();
            for (ValidationError error : b.errors()) {
                String message = error.message();
                found.add(message.substring("s3://".length() + BUCKET.length() + 1, message.indexOf(" does not exist")));
            }
            boolean allFound = found.equals(new TreeSet<>(missing)) && b.errorCount() == missing.size();

            System.out.printf(Locale.ROOT, "%nS3 latency %d ms per request, concurrency %d, http.maxConnections %d,"
                    + " validation alone of the whole file %.2f s%n%n", latencyMillis, concurrency, connections, alone);
            System.out.println("| | inputs checked | S3 requests | wall time | requests/s | connections opened |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            System.out.printf(Locale.ROOT, "| a: one HEAD per input, sample | %,d | %,d | %.1f s | %,.0f | %,d |%n",
                    sampleInputs, aRequests, aSeconds, aRequests / aSeconds, aConnections);
            System.out.printf(Locale.ROOT, "| a: whole file, extrapolated | %,d | %,d | %.0f s | | |%n", inputs,
                    (long) inputs, aFull);
            System.out.printf(Locale.ROOT, "| b: folder planner, whole file | %,d | %,d | %.1f s | %,.0f | %,d |%n",
                    inputs, bRequests, bSeconds, bRequests / bSeconds, bConnections);
            System.out.printf(Locale.ROOT, "%nb/a requests: %.4f (%.2f %%); b/a wall time: %.4f; a/b speed-up: %.0f×%n",
                    (double) bRequests / inputs, 100.0 * bRequests / inputs, bSeconds / aFull, aFull / bSeconds);
            System.out.printf(Locale.ROOT, "missing inputs found: %d of %d (%s); errors reported %d; sample (a) errors"
                    + " %d%n", found.size(), missing.size(), allFound ? "all" : "NOT ALL: " + found, b.errorCount(),
                    a.errorCount());
            System.out.printf(Locale.ROOT, "goal: <= 2 %% of today's requests: %s; < 60 s of checks: %s%n",
                    bRequests <= 0.02 * inputs ? "met" : "MISSED", bSeconds < 60 ? "met" : "MISSED");
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(sampleFile);
        }
    }

    /** Run i: two FASTQs in folder i / 500; every 50th run also an index file in a folder of its own. */
    static List<String> keysOf(int run) {
        String folder = "seq/run-" + (run / (RUNS / FOLDERS)) + "/";
        List<String> keys = new ArrayList<>(3);
        keys.add(folder + "S" + run + "_R1.fastq.gz");
        keys.add(folder + "S" + run + "_R2.fastq.gz");
        if (run % SCATTER_EVERY == 0) {
            keys.add("scattered/" + run + "/S" + run + ".idx");
        }
        return keys;
    }

    static int inputsOf(int runs) {
        return 2 * runs + (runs + SCATTER_EVERY - 1) / SCATTER_EVERY;
    }

    /** 5 FASTQs in the folders and 5 scattered index files, spread over the file. */
    static Set<String> missingKeys(int runs) {
        Set<String> missing = new TreeSet<>();
        for (int k = 0; k < 5; k++) {
            int run = (int) ((k * 2L + 1) * runs / 10) + 7;
            missing.add(keysOf(run).get(1));
            int scattered = (int) ((k * 2L + 2) * runs / 10 - SCATTER_EVERY * 3L);
            missing.add(keysOf(scattered - scattered % SCATTER_EVERY).get(2));
        }
        return missing;
    }

    private static void write(Path file, int runs) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("[\n");
            for (int i = 0; i < runs; i++) {
                List<String> keys = keysOf(i);
                out.write((i == 0 ? "" : ",\n") + "{\"runSettingId\":\"S" + i + "\",\"parameters\":{\"sample_id\":\"S"
                        + i + "\",\"fastq_1\":\"s3://" + BUCKET + "/" + keys.get(0) + "\",\"fastq_2\":\"s3://" + BUCKET
                        + "/" + keys.get(1) + "\"" + (keys.size() > 2 ? ",\"index\":\"s3://" + BUCKET + "/"
                        + keys.get(2) + "\"" : "") + "}}");
            }
            out.write("\n]\n");
        }
    }

    private static ValidationReport validate(Path file, Preflight preflight) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new RunSettingsValidator().validate(in, Files.size(file), ProgressListener.NONE, preflight);
        }
    }

    private static int option(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 1));
            }
        }
        return fallback;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
