package io.omicsdropzone.cli;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.app.ReconcilePass;
import io.omicsdropzone.config.Config;
import io.omicsdropzone.config.ConfigException;
import io.omicsdropzone.json.JsonWriter;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code reconcile} and {@code redrive-failures}: what an operator runs when drops did not settle by themselves.
 */
final class RecoveryCommands {

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
            err.println("neither PIPELINES_FILE nor " + Config.DEFAULT_RUN_SETTING + " is set: redrive-failures"
                    + " submits, so it needs the same configuration as handle");
            return Main.USAGE;
        }
        try {
            List<FailureQueueRedrive.Line> lines = new FailureQueueRedrive(dropzone.clients().sqs(),
                    dropzone.submitDrop(), dropzone.resumeDrop(), java.time.Clock.systemUTC()).run(queueUrl, max);
            lines.forEach(line -> out.println(JsonWriter.write(line.toMap())));
            long handled = lines.stream().filter(FailureQueueRedrive.Line::redriven).count();
            err.println(handled + " message(s) re-handled and deleted, " + (lines.size() - handled)
                    + " left in the queue");
            return handled == lines.size() ? Main.OK : Main.FAILED;
        } catch (SdkException e) {
            err.println("cannot read " + queueUrl + ": " + e.getMessage());
            return Main.USAGE;
        } finally {
            dropzone.clients().close();
        }
    }

    /** The submit configuration when the environment can submit (in-process resume), else the tracking one. */
    private Dropzone dropzone() {
        try {
            return Dropzone.forEnvironment(environment, systemProperties);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return null;
        }
    }

    /** {@code --max N} (1–1000), or the default; null after printing the usage. */
    private Integer maxOption(String[] args, String usage) {
        List<String> list = List.of(args);
        if (list.isEmpty()) {
            return Config.DEFAULT_RECONCILE_MAX_BATCHES;
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
