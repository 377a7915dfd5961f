package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The batch and run state machine, one step at a time, as the HealthOmics batch guide describes it
 * (https://docs.aws.amazon.com/omics/latest/dev/workflows-batch.html, "Batch run concepts" and "Monitoring batch
 * progress"): CREATING → PENDING → (run configurations validated) SUBMITTING → (runs submitted) INPROGRESS →
 * PROCESSED once every run is terminal; FAILED when validation fails; STOPPING → CANCELLED after a cancel. Runs go
 * PENDING → STARTING → RUNNING → COMPLETED (or FAILED). Every batch transition emits a status-change event.
 * Callers hold the store's monitor.
 */
final class RunBatchLifecycle {

    static final int MAX_RUNS = 100_000;

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final RunBatchStore store;
    private final RunSettingsFile settingsFile;
    private final OmicsFaults faults;
    private final OmicsStatusEvents events;
    private int submissionsPerStep = Integer.MAX_VALUE;

    RunBatchLifecycle(String region, String accountId, Clock clock, RunBatchStore store, RunSettingsFile settingsFile,
                      OmicsFaults faults, OmicsStatusEvents events) {
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.store = store;
        this.settingsFile = settingsFile;
        this.faults = faults;
        this.events = events;
    }

    void submissionsPerStep(int count) {
        this.submissionsPerStep = count;
    }

    /** A new batch in CREATING, with its creation event. */
    RunBatch create(StartRunBatchRules.Parsed request) {
        String id = store.newBatchId();
        return new RunBatch(id, "arn:aws:omics:" + region + ":" + accountId + ":runBatch/" + id,
                UUID.randomUUID().toString(), request, clock.instant());
    }

    /** Makes a created batch visible and announces it. */
    void admit(RunBatch batch) {
        store.add(batch);
        events.emit(batch);
    }

    /** One lifecycle step of one batch; terminal batches do not move. */
    void step(RunBatch batch) {
        switch (batch.status) {
            case RunBatch.CREATING -> transition(batch, RunBatch.PENDING);
            case RunBatch.PENDING -> validateRunConfigurations(batch);
            case RunBatch.SUBMITTING -> {
                progressRuns(batch);
                submitRuns(batch);
                if (batch.count(RunBatch.Run::awaitingSubmission) == 0) {
                    batch.submittedTime = clock.instant();
                    transition(batch, RunBatch.INPROGRESS);
                }
            }
            case RunBatch.INPROGRESS -> {
                progressRuns(batch);
                if (batch.count(RunBatch.Run::executing) == 0) {
                    batch.processedTime = clock.instant();
                    transition(batch, RunBatch.PROCESSED);
                }
            }
            case RunBatch.STOPPING -> stopRuns(batch);
            default -> {
                // terminal: nothing moves
            }
        }
    }

    /** CancelRunBatch: only PENDING, SUBMITTING or INPROGRESS batches can be cancelled (409 otherwise). */
    void cancel(RunBatch batch) {
        if (!RunBatch.CANCELLABLE.contains(batch.status)) {
            throw OmicsException.conflict("Batch " + batch.id + " is " + batch.status
                    + "; cancel is only allowed in PENDING, SUBMITTING or INPROGRESS, one cancel or delete at a time.");
        }
        transition(batch, RunBatch.STOPPING);
    }

    void fail(RunBatch batch, String reason, String message) {
        batch.failureReason = reason;
        batch.failureMessage = message;
        batch.failedTime = clock.instant();
        transition(batch, RunBatch.FAILED);
    }

    private void transition(RunBatch batch, String status) {
        batch.status = status;
        events.emit(batch);
    }

    private void validateRunConfigurations(RunBatch batch) {
        List<JsonNode> entries;
        if (batch.s3Location == null) {
            entries = new ArrayList<>(batch.inlineSettings);
        } else {
            RunSettingsFile.Read file = settingsFile.read(batch);
            if (file.json() == null) {
                fail(batch, file.failureReason(), file.failureMessage());
                return;
            }
            if (!file.json().isArray()) {
                fail(batch, "VALIDATION_EXCEPTION", "Invalid JSON format in run configurations: expected a JSON array of run settings.");
                return;
            }
            entries = new ArrayList<>();
            file.json().forEach(entries::add);
            for (int i = 0; i < entries.size(); i++) {
                List<String> problems = StartRunBatchRules.fileEntryProblems(entries.get(i), "s3UriSettings[" + i + "]");
                if (!problems.isEmpty()) {
                    fail(batch, "VALIDATION_EXCEPTION", StartRunBatchRules.validationMessage(problems));
                    return;
                }
            }
        }
        if (entries.size() > MAX_RUNS) {
            fail(batch, "VALIDATION_EXCEPTION", "Batch has " + entries.size() + " runs but " + MAX_RUNS + " runs is the max.");
            return;
        }
        if (entries.isEmpty()) {
            fail(batch, "VALIDATION_EXCEPTION", "Batch has 0 runs but at least 1 run is required.");
            return;
        }
        Set<String> unique = new HashSet<>();
        for (JsonNode entry : entries) {
            unique.add(entry.get("runSettingId").textValue());
        }
        if (unique.size() != entries.size()) {
            fail(batch, "VALIDATION_EXCEPTION", "Expected " + entries.size() + " unique runSettingIds but there were " + unique.size());
            return;
        }
        List<RunBatch.Run> runs = new ArrayList<>();
        for (JsonNode entry : entries) {
            RunBatch.Run run = new RunBatch.Run(entry.get("runSettingId").textValue());
            run.parameters = entry.get("parameters");
            runs.add(run);
        }
        batch.runs = runs;
        batch.totalRuns = runs.size();
        transition(batch, RunBatch.SUBMITTING);
    }

    /** Submits up to {@code submissionsPerStep} runs, the way StartRun throughput paces a real batch. */
    private void submitRuns(RunBatch batch) {
        int budget = submissionsPerStep;
        for (RunBatch.Run run : batch.runs) {
            if (budget == 0) {
                break;
            }
            if (!run.awaitingSubmission()) {
                continue;
            }
            budget--;
            OmicsFaults.SubmissionFailure failure = faults.submissionFailure(run.runSettingId).orElse(null);
            if (failure != null) {
                run.submissionStatus = "FAILED";
                run.submissionFailureReason = failure.reason();
                run.submissionFailureMessage = failure.message();
            } else {
                run.submissionStatus = "SUCCESS";
                run.runId = store.newRunId();
                run.runArn = "arn:aws:omics:" + region + ":" + accountId + ":run/" + run.runId;
                run.runUuid = UUID.randomUUID().toString();
                run.runStatus = "PENDING";
            }
        }
    }

    RunInputSheets inputSheets() {
        return settingsFile.inputSheets();
    }

    private void progressRuns(RunBatch batch) {
        for (RunBatch.Run run : batch.runs) {
            if (run.runStatus == null) {
                continue;
            }
            run.runStatus = switch (run.runStatus) {
                case "PENDING" -> "STARTING";
                // Inputs are staged as the run starts: a samplesheet it cannot use fails it there.
                case "STARTING" -> settingsFile.inputSheets().check(run.runSettingId, run.parameters) == null
                        ? "RUNNING" : "FAILED";
                case "RUNNING" -> faults.runFails(run.runSettingId) ? "FAILED" : "COMPLETED";
                default -> run.runStatus;
            };
        }
    }

    /** Runs not submitted yet are dropped; executing runs are cancelled (successfulCancelSubmissionCount). */
    private void stopRuns(RunBatch batch) {
        for (RunBatch.Run run : batch.runs == null ? List.<RunBatch.Run>of() : batch.runs) {
            if (run.awaitingSubmission()) {
                run.dropped = true;
            } else if (run.executing()) {
                run.runStatus = "CANCELLED";
                run.submissionStatus = "CANCEL_SUCCESS";
                batch.successfulCancelSubmissions++;
            }
        }
        transition(batch, RunBatch.CANCELLED);
    }
}
