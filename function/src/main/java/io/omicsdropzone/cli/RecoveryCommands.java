package io.omicsdropzone.cli;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.app.ReconcilePass;
import io.omicsdropzone.config.Config;
import io.omicsdropzone.config.ConfigException;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.handler.S3DropHandler;
import io.omicsdropzone.handler.S3EventJson;
import io.omicsdropzone.handler.S3Records;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.json.JsonWriter;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code reconcile} and {@code redrive-failures}: what an operator runs when drops did not settle by themselves.
 */
final class RecoveryCommands {

    /** Messages re-handled per {@code redrive-failures} run unless {@code --max} says otherwise. */
    static final int DEFAULT_MAX_MESSAGES = 100;

    private final Map<String, String> environment;
    private final Properties systemProperties;
    private final PrintStream out;
    private final PrintStream err;

    RecoveryCommands(Map<String, String> environment, Properties systemProperties, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.systemProperties = systemProperties;
        this.out = out;
        this.err = err;
    }

    /** One reconciler pass (batches, then stuck drops, resumed in-process); exit 1 when it needs attention. */
    int reconcile(String[] args) {
        Integer max = maxOption(args, "reconcile takes [--max N]");
        if (max == null) {
            return Main.USAGE;
        }
        Dropzone dropzone = dropzone();
        if (dropzone == null) {
            return Main.USAGE;
        }
        try {
            ReconcilePass.Report report = dropzone.reconcilePass().run(max, max);
            out.println(JsonWriter.write(report.toMap()));
            if (report.needsAttention()) {
                err.println("needs attention: " + report.problem());
                return Main.FAILED;
            }
            return Main.OK;
        } catch (SdkException | IllegalStateException e) {
            err.println("reconcile failed: " + e);
            return Main.FAILED;
        } finally {
            dropzone.clients().close();
        }
    }

    /**
     * Re-handles the S3 events waiting in the submit function's failure queue (Lambda's on-failure destination
     * records, whose {@code requestPayload} is the original event), deleting each message only once every record in
     * it was handled. A failing message stays in the queue and shows again after its visibility timeout.
     */
    int redriveFailures(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        int queueFlag = rest.indexOf("--queue");
        if (queueFlag < 0 || queueFlag + 1 >= rest.size()) {
            return usage("redrive-failures takes --queue QUEUE_URL [--max N]");
        }
        String queueUrl = rest.remove(queueFlag + 1);
        rest.remove(queueFlag);
        Integer max = maxOption(rest.toArray(String[]::new), "redrive-failures takes --queue QUEUE_URL [--max N]");
        if (max == null) {
            return Main.USAGE;
        }
        Dropzone dropzone = dropzone();
        if (dropzone == null) {
            return Main.USAGE;
        }
        if (!dropzone.config().submits()) {
            dropzone.clients().close();
            err.println(Config.DEFAULT_RUN_SETTING + " is not set: redrive-failures submits, so it needs the same"
                    + " configuration as handle");
            return Main.USAGE;
        }
        int failed = 0;
        int handled = 0;
        Set<String> seen = new HashSet<>();
        try {
            SqsClient sqs = dropzone.clients().sqs();
            var submit = dropzone.submitDrop();
            while (handled + failed < max) {
                int batch = Math.min(10, max - handled - failed);
                // Invisible for as long as one drop may take, so a concurrent run does not handle it too.
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(batch)
                        .visibilityTimeout((int) Dropzone.LEASE.toSeconds()).waitTimeSeconds(0)).messages();
                List<Message> fresh = messages.stream().filter(m -> seen.add(m.messageId())).toList();
                if (fresh.isEmpty()) {
                    break;
                }
                for (Message message : fresh) {
                    Map<String, Object> line = redrive(message, submit, sqs, queueUrl);
                    out.println(JsonWriter.write(line));
                    if ("REDRIVEN".equals(line.get("action"))) {
                        handled++;
                    } else {
                        failed++;
                    }
                }
            }
            err.println(handled + " message(s) re-handled and deleted, " + failed + " left in the queue");
            return failed == 0 ? Main.OK : Main.FAILED;
        } catch (SdkException e) {
            err.println("cannot read " + queueUrl + ": " + e.getMessage());
            return Main.USAGE;
        } finally {
            dropzone.clients().close();
        }
    }

    private Map<String, Object> redrive(Message message, io.omicsdropzone.domain.SubmitDrop submit, SqsClient sqs,
                                        String queueUrl) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("messageId", message.messageId());
        Object payload;
        try {
            payload = JsonReader.readObject(message.body()).get("requestPayload");
        } catch (JsonReader.JsonFormatException e) {
            payload = null;
        }
        if (!(payload instanceof Map<?, ?>)) {
            line.put("action", "SKIPPED");
            line.put("reason", "not a Lambda on-failure record with a requestPayload; left in the queue");
            return line;
        }
        try {
            var objects = S3Records.droppedObjects(S3EventJson.parse(JsonWriter.write(payload)));
            List<DropResult> results = S3DropHandler.handle(objects, submit, Instant.now().plus(Dropzone.LEASE));
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            line.put("action", "REDRIVEN");
            line.put("results", results.stream().map(RecoveryCommands::describe).toList());
        } catch (RuntimeException e) {
            line.put("action", "FAILED");
            line.put("reason", e.toString());
        }
        return line;
    }

    private static Map<String, Object> describe(DropResult result) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("action", result.action().name());
        if (result.drop() != null) {
            item.put("requestId", result.drop().requestId());
            item.put("status", result.drop().status().name());
        }
        return item;
    }

    /** The submit configuration when it is complete (in-process resume), else the tracking one. */
    private Dropzone dropzone() {
        try {
            boolean submits = environment.get(Config.DEFAULT_RUN_SETTING) != null;
            return submits ? Dropzone.fromEnvironment(environment, systemProperties)
                    : Dropzone.forTracking(environment, systemProperties);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return null;
        }
    }

    /** {@code --max N} (1–1000), or the default; null after printing the usage. */
    private Integer maxOption(String[] args, String usage) {
        List<String> list = List.of(args);
        if (list.isEmpty()) {
            return Config.DEFAULT_RECONCILE_MAX;
        }
        if (list.size() == 2 && list.get(0).equals("--max") && list.get(1).matches("[0-9]{1,4}")) {
            int max = Integer.parseInt(list.get(1));
            if (max >= 1 && max <= 1000) {
                return max;
            }
        }
        usage(usage);
        return null;
    }

    private int usage(String problem) {
        err.println(problem);
        err.print(Main.USAGE_TEXT);
        return Main.USAGE;
    }
}
