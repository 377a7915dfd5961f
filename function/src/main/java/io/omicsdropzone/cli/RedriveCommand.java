package io.omicsdropzone.cli;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.config.ConfigException;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.redrive.RedriveDrop;
import io.omicsdropzone.json.JsonWriter;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code redrive ID [--include-cancelled] [--use-current-pipeline]}: a new batch of what did not succeed. Exit 0 when
 * re-driven (or already re-driven, nothing to re-drive, or a FAILED drop whose batch was found and corrected: the
 * output says which), 1 when the re-drive failed or was refused (the original's pipeline is gone or changed), 2 for
 * an unknown id.
 */
final class RedriveCommand {

    private final Map<String, String> environment;
    private final Properties systemProperties;
    private final PrintStream out;
    private final PrintStream err;

    RedriveCommand(Map<String, String> environment, Properties systemProperties, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.systemProperties = systemProperties;
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        List<String> options = List.of(args).stream().filter(arg -> arg.startsWith("--")).toList();
        List<String> ids = List.of(args).stream().filter(arg -> !arg.startsWith("--")).toList();
        if (ids.size() != 1 || !List.of("--include-cancelled", "--use-current-pipeline").containsAll(options)) {
            err.println("redrive takes one REQUEST_ID or BATCH_ID, optionally --include-cancelled and"
                    + " --use-current-pipeline");
            err.print(Main.USAGE_TEXT);
            return Main.USAGE;
        }
        Dropzone dropzone;
        try {
            dropzone = Dropzone.fromEnvironment(environment, systemProperties);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return Main.USAGE;
        }
        try {
            RedriveDrop.Outcome outcome = dropzone.redriveDrop().redrive(ids.get(0),
                    new RedriveDrop.Options(options.contains("--include-cancelled"),
                            options.contains("--use-current-pipeline")), Instant.now().plus(Dropzone.LEASE));
            return report(outcome);
        } catch (BatchApiException e) {
            err.println("redrive failed: " + e.describe());
            return Main.FAILED;
        } catch (RuntimeException e) {
            err.println("redrive failed (run it again to resume; it starts no second batch): " + e);
            return Main.FAILED;
        } finally {
            dropzone.clients().close();
        }
    }

    private int report(RedriveDrop.Outcome outcome) {
        if (outcome instanceof RedriveDrop.Unknown unknown) {
            err.println("no drop with request id or batch id " + unknown.id());
            return Main.USAGE;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        if (outcome instanceof RedriveDrop.Nothing nothing) {
            line.put("action", "NOTHING_TO_REDRIVE");
            line.put("requestId", nothing.original().requestId());
            line.put("reason", nothing.reason());
            out.println(JsonWriter.write(line));
            return Main.OK;
        }
        if (outcome instanceof RedriveDrop.Refused refused) {
            line.put("action", "REFUSED");
            line.put("requestId", refused.original().requestId());
            line.put("reason", refused.reason());
            out.println(JsonWriter.write(line));
            err.println("redrive refused: " + refused.reason());
            return Main.FAILED;
        }
        if (outcome instanceof RedriveDrop.Corrected corrected) {
            line.put("action", "CORRECTED");
            line.put("requestId", corrected.corrected().requestId());
            line.put("status", corrected.corrected().status().name());
            line.put("batchId", corrected.corrected().batchId());
            line.put("supersedes", corrected.corrected().supersedes());
            line.put("reason", "HealthOmics has a batch for this FAILED drop: recorded as SUBMITTED with it;"
                    + " nothing was re-driven");
            out.println(JsonWriter.write(line));
            return Main.OK;
        }
        RedriveDrop.Redriven redriven = (RedriveDrop.Redriven) outcome;
        Drop redrive = redriven.redrive();
        line.put("action", redriven.existed() ? "ALREADY_REDRIVEN" : "REDRIVEN");
        line.put("redriveOf", redriven.original().requestId());
        line.put("requestId", redrive.requestId());
        line.put("status", redrive.status().name());
        line.put("runCount", redriven.runs());
        line.put("snapshotUri", redrive.snapshot() == null ? null : redrive.snapshot().uri());
        if (redrive.batchId() != null) {
            line.put("batchId", redrive.batchId());
            line.put("batchStatus", redrive.batchStatus());
        }
        if (!redrive.errors().isEmpty()) {
            line.put("errors", redrive.errors());
        }
        if (redriven.note() != null) {
            line.put("note", redriven.note());
        }
        out.println(JsonWriter.write(line));
        return redrive.status().name().equals("FAILED") || redrive.status().name().equals("REJECTED")
                ? Main.FAILED : Main.OK;
    }
}
