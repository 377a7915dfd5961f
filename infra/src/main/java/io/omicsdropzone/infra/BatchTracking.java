package io.omicsdropzone.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * Keeping the drop records true after submission: the status function fed by HealthOmics' batch status events,
 * and the reconciler on a schedule, which polls batches whose events went missing and resumes drops stuck before
 * their batch started.
 */
final class BatchTracking extends Construct implements GroupingConstruct {

    public static final String STATUS_HANDLER = "io.omicsdropzone.handler.BatchStatusHandler::handleRequest";
    public static final String RECONCILE_HANDLER = "io.omicsdropzone.handler.ReconcileHandler::handleRequest";

    static final int TRACKING_MEMORY_MB = 1024;

    private final DropzoneFunction status;
    private final DropzoneFunction reconcile;

    /**
     * @param submit the submit function's alias: the reconciler resumes a stuck drop by invoking it asynchronously
     *               with a synthetic S3 event, so it needs neither S3 read nor StartRunBatch rights of its own
     */
    BatchTracking(Construct scope, String id, Code code, DropzoneConfig config, DropzoneStorage storage,
            IFunction submit) {
        super(scope, id);

        Map<String, String> statusEnvironment = new TreeMap<>(storage.environment());
        statusEnvironment.put("PHI_SAFE", Boolean.toString(config.phiSafe()));
        this.status = new DropzoneFunction(this, "BatchStatusFunction", code, storage.key(),
                config.logRetentionDays(), new DropzoneFunction.Settings(
                        STATUS_HANDLER,
                        "Applies HealthOmics RunBatch Status Change events to the drop records",
                        TRACKING_MEMORY_MB,
                        Duration.minutes(1),
                        // A stale status event is harmless (updates never move backwards) and the reconciler heals
                        // a lost one, so there is no point keeping it for long.
                        Duration.hours(2),
                        statusEnvironment,
                        storage.trackingFailures(),
                        Optional.empty()));

        Map<String, String> reconcileEnvironment = new TreeMap<>(statusEnvironment);
        reconcileEnvironment.put("RECONCILE_MAX_BATCHES", Integer.toString(config.reconcileMaxBatches()));
        reconcileEnvironment.put("STUCK_DROP_AFTER", config.stuckDropAfter().toString());
        reconcileEnvironment.put("GIVE_UP_AFTER", config.giveUpAfter().toString());
        reconcileEnvironment.put("RECONCILE_QUIET_PERIOD", config.reconcileQuietPeriod().toString());
        reconcileEnvironment.put("SUBMIT_FUNCTION", submit.getFunctionArn());
        this.reconcile = new DropzoneFunction(this, "ReconcileFunction", code, storage.key(),
                config.logRetentionDays(), new DropzoneFunction.Settings(
                        RECONCILE_HANDLER,
                        "Polls GetBatch for drops whose batch is not terminal, healing missed status events, and "
                                + "resumes stuck drops through the submit function",
                        TRACKING_MEMORY_MB,
                        // Bounded work: at most RECONCILE_MAX_BATCHES GetBatch (+ ListRunsInBatch) calls with backoff.
                        Duration.minutes(5),
                        Duration.hours(1),
                        reconcileEnvironment,
                        storage.trackingFailures(),
                        Optional.empty()));

        for (DropzoneFunction function : List.of(status, reconcile)) {
            grantTrackRunBatches(function.role());
            storage.grantItemActions(function.role(), "GetItem", "UpdateItem");
            storage.grantPublish(function.role());
            suppressRunBatchWildcard(function);
        }
        // Status events name the batch, not our requestId.
        storage.grantQuery(status.role(), DropzoneStorage.BATCH_ID_INDEX);
        storage.grantQuery(reconcile.role(), DropzoneStorage.OPEN_BATCHES_INDEX, DropzoneStorage.OPEN_DROPS_INDEX);
        // Before a SUBMITTING drop is given up, its batch is looked for: ListBatch by name (a list action with no
        // resource type: "*"), then GetBatch (TrackRunBatches). https://docs.aws.amazon.com/omics/latest/api/API_ListBatch.html
        reconcile.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("FindBatchesBeforeGivingUp")
                .actions(List.of("omics:ListBatch"))
                .resources(List.of("*"))
                .build());
        NagSuppressions.addResourceSuppressions(reconcile.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("omics:ListBatch is a list action without resource-level permissions: IAM requires \"*\"")
                .appliesTo(List.of("Resource::*"))
                .build()), true);
        reconcile.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ResumeStuckDropsThroughTheSubmitAlias")
                .actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(submit.getFunctionArn()))
                .build());

        Rule.Builder.create(this, "BatchStatusRule")
                .description("HealthOmics run batch status changes of this account, to the status function")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.omics"))
                        .detailType(List.of("RunBatch Status Change"))
                        .account(List.of(Stack.of(this).getAccount()))
                        .build())
                .targets(List.of(LambdaFunction.Builder.create(status.alias())
                        .deadLetterQueue(storage.trackingFailures())
                        .retryAttempts(4)
                        .maxEventAge(Duration.hours(2))
                        .build()))
                .build();
        Rule.Builder.create(this, "ReconcileSchedule")
                .description("Every " + config.reconcileMinutes() + " minutes: reconcile open omics-dropzone batches")
                .schedule(Schedule.rate(Duration.minutes(config.reconcileMinutes())))
                .targets(List.of(LambdaFunction.Builder.create(reconcile.alias())
                        .deadLetterQueue(storage.trackingFailures())
                        .retryAttempts(2)
                        .build()))
                .build();
    }

    DropzoneFunction status() {
        return status;
    }

    DropzoneFunction reconcile() {
        return reconcile;
    }

    private static void grantTrackRunBatches(IRole role) {
        // CancelRunBatch is deliberately absent: cancelling is the operator's CLI command, never a Lambda's.
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("TrackRunBatches")
                .actions(List.of("omics:GetBatch", "omics:ListRunsInBatch"))
                .resources(List.of(OmicsArns.anyRunBatch(role)))
                .build());
    }

    private static void suppressRunBatchWildcard(DropzoneFunction function) {
        NagSuppressions.addResourceSuppressions(function.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("The only wildcard is where names cannot be known in advance: run batch ids are created by "
                        + "HealthOmics (runBatch/* of this account and region); table rights name the table and "
                        + "each index")
                .appliesTo(List.of(OmicsArns.nagForm("runBatch", "*")))
                .build()), true);
    }
}
