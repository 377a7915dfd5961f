package io.omicsdropzone.local;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.tracking.TrackBatch;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.event.S3Notification;
import io.omicsdropzone.handler.BatchStatusEventJson;
import io.omicsdropzone.handler.S3DropHandler;
import io.omicsdropzone.handler.S3Records;
import io.omicsdropzone.local.standins.SnsEndpoint.PublishedMessage;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The offline try-out: starts the stand-ins as {@link LocalEnvironment#demo()} (two pipelines whose workflows have
 * parameter templates), drops the sample run-settings files from {@code events/run-settings/} (first pipeline) and the
 * samplesheet {@code events/samplesheets/wgs-trio.csv} (second pipeline) into the local input bucket, runs the
 * Lambda's handler path on the S3 events, and prints what a user would see in DynamoDB and SNS; then runs each
 * emulated batch to its end and feeds the status change events to the tracking path, down to the
 * {@code BatchCompleted} message. One file is caught by pre-flight (a misspelt parameter, an input never uploaded).
 * With {@code --keep-running} the stand-ins then behave as a deployed stack ({@link LiveDropzone}): any upload under
 * {@code incoming/} is submitted, batches advance, the reconciler runs; it prints the environment for the CLI and the
 * AWS CLI and waits.
 */
public final class LocalRun {

    /** A sample of {@code events/run-settings/}; {@code inputsUploaded}: whether the lab uploaded the inputs it names. */
    record Sample(String file, boolean inputsUploaded) {
    }

    static final List<Sample> SAMPLES = List.of(new Sample("valid-3-runs.json", true),
            new Sample("invalid-examples.json", true),
            // Names a lane that was never uploaded and misspells sample_name: pre-flight's catch.
            new Sample("preflight-rejected.json", false));
    /** Dropped into the second pipeline of {@link LocalEnvironment#DEMO_PIPELINES}, whose template it fits. */
    private static final String SAMPLESHEET = "wgs-trio.csv";

    private LocalRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        try (LocalEnvironment env = LocalEnvironment.demo()) {
            Map<String, String> outcomes = demo(env, out);
            if (List.of(args).contains("--keep-running")) {
                LiveDropzone.Settings settings = LiveDropzone.Settings.fromSystemProperties(System.getProperties());
                try (LiveDropzone live = LiveDropzone.start(env, settings, out)) {
                    printKeepRunning(env, settings, outcomes, out);
                    Thread.currentThread().join();
                }
            }
        }
    }

    /** The drops of the try-out, each followed to its end; returns each dropped key's outcome, in drop order. */
    static Map<String, String> demo(LocalEnvironment env, PrintStream out) {
        out.println("== stand-ins on 127.0.0.1: " + env.standIns().environment().entrySet().stream()
                .filter(e -> e.getKey().startsWith("AWS_ENDPOINT_URL_"))
                .map(e -> e.getKey().substring("AWS_ENDPOINT_URL_".length()) + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
        out.println("== pipelines (" + LocalEnvironment.DEMO_PIPELINES.replaceAll("\\s+", " ") + ")");
        out.println("== workflow parameter templates (name=optional): " + LocalEnvironment.WORKFLOW_ID + " "
                + LocalEnvironment.DEMO_RUNS_TEMPLATE + ", " + LocalEnvironment.WGS_WORKFLOW_ID + " "
                + LocalEnvironment.DEMO_WGS_TEMPLATE);
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (Sample sample : SAMPLES) {
            String key = "incoming/" + sample.file();
            String requestId = drop(env, key, sample("run-settings/" + sample.file()), sample.inputsUploaded(), out);
            outcomes.put(key, followBatch(env, requestId, out));
        }
        // A samplesheet into the second pipeline: converted, validated, written as the drop's snapshot.
        byte[] sheet = sample("samplesheets/" + SAMPLESHEET);
        createInputsNamedInSheet(env, new String(sheet, java.nio.charset.StandardCharsets.UTF_8));
        String key = "incoming/wgs/" + SAMPLESHEET;
        outcomes.put(key, followBatch(env, drop(env, key, sheet, true, out), out));
        out.println("\n== what happened to each drop:");
        outcomes.forEach((dropped, outcome) -> out.printf("   %-36s %s%n", dropped, outcome));
        return outcomes;
    }

    private static void printKeepRunning(LocalEnvironment env, LiveDropzone.Settings settings,
                                         Map<String, String> outcomes, PrintStream out) {
        out.println("\n== stand-ins keep running as a deployed dropzone: an upload under s3://" + LocalEnvironment.BUCKET
                + "/" + LiveDropzone.UPLOAD_PREFIX + " is submitted (S3 event -> submit function), batches advance one"
                + " step every " + settings.batchStep().toMillis() + " ms (-DtryLocal.batchStep=PT3S), the reconciler"
                + " runs every " + settings.reconcileEvery().toSeconds() + " s (-DtryLocal.reconcileEvery=PT1M).");
        out.println("In another shell:");
        env.environment().forEach((name, value) -> out.println("export " + name + "='" + value + "'"));
        // AWS CLI v1 reads the region only from AWS_DEFAULT_REGION (v2 and the SDKs read AWS_REGION too).
        out.println("export AWS_DEFAULT_REGION='" + env.standIns().region() + "'");
        String first = outcomes.keySet().iterator().next();
        out.println("aws s3 cp events/run-settings/valid-3-runs.json s3://" + LocalEnvironment.BUCKET
                + "/incoming/my-run.json   # its inputs exist: the try-out uploaded them");
        out.println("java -jar function/target/function.jar drop events/run-settings/valid-3-runs.json s3://"
                + LocalEnvironment.BUCKET + "/incoming/again.json --wait ended");
        out.println("java -jar function/target/function.jar status");
        out.println("java -jar function/target/function.jar submit s3://" + LocalEnvironment.BUCKET + "/" + first
                + "\n(Ctrl-C to stop)");
    }

    private static String drop(LocalEnvironment env, String key, byte[] content, boolean inputsUploaded,
                               PrintStream out) {
        if (key.endsWith(".json") && inputsUploaded) {
            // The sample's input files exist, as they would in a real lab bucket: pre-flight checks them.
            env.createInputsNamedIn(new String(content, java.nio.charset.StandardCharsets.UTF_8));
        }
        PutObjectResponse put = env.upload(key, content);
        String event = LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, key, put.eTag(), content.length);
        out.println("\n== dropped s3://" + LocalEnvironment.BUCKET + "/" + key + " (" + content.length + " bytes, ETag "
                + put.eTag() + ")");
        out.println("-- S3 event:\n" + event);
        int published = env.standIns().sns().published().size();
        int metrics = env.emf().size();

        S3Notification parsed = S3EventJson.parse(event);
        List<DroppedObject> objects = S3Records.droppedObjects(parsed);
        Dropzone submit = env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME);
        S3DropHandler.handle(objects, submit.submitDrop(), Instant.now().plusSeconds(60),
                submit.dropMetrics().forEvents(S3Records.eventTimes(parsed)));

        String requestId = objects.get(0).requestId();
        printItem(env, requestId, out);
        printMessages(env, published, out);
        printMetrics(env, metrics, out);
        return requestId;
    }

    /**
     * Runs the emulated batch to its end and feeds its status change events to the tracking path, as EventBridge would;
     * returns the drop's outcome in a few words.
     */
    private static String followBatch(LocalEnvironment env, String requestId, PrintStream out) {
        var drop = env.dropzone().drops().find(requestId).orElseThrow();
        if (drop.batchId() == null) {
            return drop.status() + " (" + drop.errorCount() + " error(s), no batch)"; // rejected files have no batch
        }
        String batchId = drop.batchId();
        int published = env.standIns().sns().published().size();
        int metrics = env.emf().size();
        int seen = env.standIns().omics().events().size();
        String status = env.standIns().omics().settle(batchId);
        List<String> events = env.standIns().omics().events();
        out.println("\n== batch " + batchId + " ran to " + status + "; " + (events.size() - seen)
                + " RunBatch Status Change events delivered to the tracking handler:");
        TrackBatch tracking = env.dropzone(LocalEnvironment.BATCH_STATUS_FUNCTION_NAME).trackBatch();
        for (String event : events.subList(seen, events.size())) {
            BatchStatusEventJson.parse(event).ifPresent(observation -> out.println("   " + observation.status() + " -> "
                    + tracking.apply(observation)));
        }
        printItem(env, requestId, out);
        printMessages(env, published, out);
        printMetrics(env, metrics, out);
        return drop.status() + ", batch " + batchId + " " + status;
    }

    /** The EMF lines the step wrote (in Lambda: standard output, then CloudWatch metrics on the dashboard). */
    private static void printMetrics(LocalEnvironment env, int alreadyShown, PrintStream out) {
        List<String> lines = env.emf().lines();
        out.println("-- EMF lines (" + (lines.size() - alreadyShown) + "), as CloudWatch reads them:");
        for (String line : lines.subList(alreadyShown, lines.size())) {
            out.println("   " + line);
            out.println("   = " + EmfCapture.describe(line));
        }
    }

    private static void printItem(LocalEnvironment env, String requestId, PrintStream out) {
        Map<String, AttributeValue> item = env.clients().dynamoDb().getItem(b -> b.tableName(LocalEnvironment.TABLE)
                .key(Map.of("requestId", AttributeValue.fromS(requestId))).consistentRead(true)).item();
        out.println("-- DynamoDB item in " + LocalEnvironment.TABLE + ":");
        item.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(attribute -> out.println("   " + attribute.getKey() + " = " + show(attribute.getValue())));
    }

    private static void printMessages(LocalEnvironment env, int alreadyShown, PrintStream out) {
        List<PublishedMessage> messages = env.standIns().sns().published();
        for (PublishedMessage message : messages.subList(alreadyShown, messages.size())) {
            out.println("-- SNS message (attribute type=" + message.attributes().get("type") + ", subject \""
                    + message.subject() + "\"), as SQS, Lambda and HTTP subscribers get it:\n" + message.message());
            out.println("-- the same message as an e-mail subscriber gets it:\n"
                    + message.messageFor("email").indent(3).stripTrailing());
        }
    }

    private static String show(AttributeValue value) {
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            return value.n();
        }
        if (value.hasL()) {
            return value.l().stream().map(LocalRun::show).collect(Collectors.joining("\n     ", "[\n     ", "]"));
        }
        if (value.hasM()) {
            return value.m().entrySet().stream().map(e -> e.getKey() + "=" + show(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return value.toString();
    }

    /** Every {@code s3://} cell of a samplesheet (the FASTQs) becomes an object, as pre-flight checks them. */
    private static void createInputsNamedInSheet(LocalEnvironment env, String sheet) {
        java.util.regex.Matcher uri = java.util.regex.Pattern.compile("s3://[^,\"\\s]+[^/,\"\\s]").matcher(sheet);
        while (uri.find()) {
            env.createInput(uri.group());
        }
    }

    /** A file of {@code events/}, e.g. {@code run-settings/valid-3-runs.json}. */
    private static byte[] sample(String path) {
        try (InputStream in = LocalRun.class.getResourceAsStream("/events/" + path)) {
            if (in == null) {
                throw new IllegalStateException("sample events/" + path + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
