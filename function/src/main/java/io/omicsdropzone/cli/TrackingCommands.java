package io.omicsdropzone.cli;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.config.ConfigException;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.BatchRun;
import io.omicsdropzone.json.JsonWriter;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** {@code status} and {@code cancel}: what an operator asks of the drops table and HealthOmics. */
final class TrackingCommands {

    /** Rows shown by {@code status} without {@code --all}. */
    static final int RECENT = 20;
    static final int FAILED_RUNS_SHOWN = 100;

    private final Map<String, String> environment;
    private final Properties systemProperties;
    private final PrintStream out;
    private final PrintStream err;

    TrackingCommands(Map<String, String> environment, Properties systemProperties, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.systemProperties = systemProperties;
        this.out = out;
        this.err = err;
    }

    int status(String[] args) {
        List<String> options = List.of(args).stream().filter(arg -> arg.startsWith("--")).toList();
        List<String> ids = List.of(args).stream().filter(arg -> !arg.startsWith("--")).toList();
        boolean json = options.contains("--json");
        boolean all = options.contains("--all");
        if (ids.size() > 1 || !List.of("--json", "--all").containsAll(options)) {
            err.println("status takes [--all] [--json] or one REQUEST_ID / BATCH_ID");
            return Main.USAGE;
        }
        Dropzone dropzone = dropzone();
        if (dropzone == null) {
            return Main.USAGE;
        }
        try {
            return ids.isEmpty() ? list(dropzone, all, json) : show(dropzone, ids.get(0), json);
        } finally {
            dropzone.clients().close();
        }
    }

    private int list(Dropzone dropzone, boolean all, boolean json) {
        List<Drop> drops = dropzone.drops().listAll().stream()
                .sorted(Comparator.comparing(Drop::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(all ? Long.MAX_VALUE : RECENT).toList();
        Instant now = Instant.now();
        if (json) {
            drops.forEach(drop -> out.println(JsonWriter.write(row(drop, now))));
            return Main.OK;
        }
        out.printf("%-8s %-10s %-11s %-19s %-9s %-12s %s%n", "AGE", "STATUS", "BATCH", "BATCH ID", "RUNS",
                "REQUEST", "FILE");
        for (Drop drop : drops) {
            out.printf("%-8s %-10s %-11s %-19s %-9s %-12s %s%n", age(drop.createdAt(), now), drop.status(),
                    orDash(drop.batchStatus()), orDash(drop.batchId()), progress(drop),
                    drop.requestId().substring(0, 12), "s3://" + drop.object().bucket() + "/" + drop.object().key());
        }
        if (!all && drops.size() == RECENT) {
            out.println("(newest " + RECENT + " shown; --all for every drop)");
        }
        return Main.OK;
    }

    private int show(Dropzone dropzone, String id, boolean json) {
        Optional<Drop> found = find(dropzone, id);
        if (found.isEmpty()) {
            err.println("no drop with request id or batch id " + id);
            return Main.USAGE;
        }
        Drop drop = found.get();
        List<BatchRun> failed = new ArrayList<>();
        if (drop.batchId() != null && drop.progress().count("failedStartSubmissionCount") > 0) {
            try {
                failed.addAll(dropzone.clients().omics()
                        .listRunsInBatch(drop.batchId(), "FAILED", FAILED_RUNS_SHOWN, null).runs());
            } catch (BatchApiException e) {
                err.println("could not list failed runs: " + e.describe());
            }
        }
        Map<String, Object> detail = row(drop, Instant.now());
        detail.put("counts", drop.progress().counts());
        detail.put("errors", drop.errors());
        // What an operator needs when a drop is slow to settle: retries so far and the reconciler's last poll.
        detail.put("settled", drop.settled());
        detail.put("attempts", drop.attempts());
        detail.put("lastError", drop.lastError());
        detail.put("lastPolledAt", drop.progress().lastPolledAt() == null ? null
                : drop.progress().lastPolledAt().toString());
        detail.put("pollFailures", drop.progress().pollFailures());
        detail.put("lastPollError", drop.progress().lastPollError());
        detail.put("snapshotUri", drop.snapshot() == null ? null : drop.snapshot().uri());
        detail.put("contentSha256", drop.content().sha256());
        detail.put("duplicateOf", drop.content().duplicateOf());
        detail.put("reuploadOf", drop.content().reuploadOf());
        detail.put("redriveChain", RedriveChain.of(drop, dropzone.drops()::find));
        detail.put("failedRuns", failed.stream().map(run -> Map.of("runSettingId", String.valueOf(run.runSettingId()),
                "reason", String.valueOf(run.submissionFailureReason()),
                "message", String.valueOf(run.submissionFailureMessage()))).toList());
        if (json) {
            out.println(JsonWriter.write(detail));
        } else {
            detail.forEach((name, value) -> out.printf("%-16s %s%n", name, value));
        }
        return Main.OK;
    }

    int cancel(String[] args) {
        if (args.length != 1 || !args[0].matches("[0-9]{1,18}")) {
            err.println("cancel takes one BATCH_ID (digits)");
            return Main.USAGE;
        }
        Dropzone dropzone = dropzone();
        if (dropzone == null) {
            return Main.USAGE;
        }
        try {
            Optional<Drop> drop = dropzone.drops().findByBatchId(args[0]);
            if (drop.isEmpty()) {
                err.println("batch " + args[0] + " was not submitted by this dropzone; not cancelling it");
                return Main.USAGE;
            }
            dropzone.clients().omics().cancelRunBatch(args[0]);
            dropzone.drops().recordCancelRequested(drop.get(), Instant.now());
            out.println("cancel requested for batch " + args[0] + " (" + drop.get().object().key() + ")");
            return Main.OK;
        } catch (BatchApiException e) {
            err.println("cancel refused: " + e.describe());
            return Main.FAILED;
        } finally {
            dropzone.clients().close();
        }
    }

    private static Optional<Drop> find(Dropzone dropzone, String id) {
        return id.matches("[0-9]{1,18}") ? dropzone.drops().findByBatchId(id) : dropzone.drops().find(id);
    }

    private Dropzone dropzone() {
        try {
            return Dropzone.forTracking(environment, systemProperties);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return null;
        }
    }

    private static Map<String, Object> row(Drop drop, Instant now) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("requestId", drop.requestId());
        row.put("file", "s3://" + drop.object().bucket() + "/" + drop.object().key());
        row.put("status", drop.status().name());
        row.put("batchId", drop.batchId());
        row.put("batchStatus", drop.batchStatus());
        row.put("runCount", drop.runCount());
        row.put("completedRuns", drop.progress().counts().get("completedRunCount"));
        row.put("failedRuns", drop.progress().counts().get("failedRunCount"));
        row.put("createdAt", String.valueOf(drop.createdAt()));
        row.put("age", age(drop.createdAt(), now));
        return row;
    }

    private static String progress(Drop drop) {
        Long completed = drop.progress().counts().get("completedRunCount");
        return completed == null ? String.valueOf(drop.runCount()) : completed + "/" + drop.runCount();
    }

    static String age(Instant since, Instant now) {
        if (since == null) {
            return "-";
        }
        Duration age = Duration.between(since, now);
        if (age.toDays() > 0) {
            return age.toDays() + "d";
        }
        if (age.toHours() > 0) {
            return age.toHours() + "h";
        }
        return age.toMinutes() > 0 ? age.toMinutes() + "m" : age.toSeconds() + "s";
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
