package io.omicsdropzone.handler;

import io.omicsdropzone.aws.LambdaDropResumer;
import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.tracking.SweepStuckDrops;
import io.omicsdropzone.event.ResumeEvent;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import io.omicsdropzone.local.standins.LambdaEndpoint;
import io.omicsdropzone.local.standins.faults.FaultRule;
import io.omicsdropzone.local.standins.faults.ServiceError;
import io.omicsdropzone.local.standins.iam.LedgerRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paths that bring a drop home when its first deliveries did not: S3's 403 for a deleted key, the reconciler
 * resuming through the submit alias, and Lambda's retries ending in the failure queue.
 */
class RecoveryEndToEndTest extends StandInsTestBase {

    static final String VALID = "[{\"runSettingId\":\"s1\"},{\"runSettingId\":\"s2\"}]";

    @AfterEach
    void passThroughAgain() {
        env.standIns().resetFaults();
        env.standIns().lambda().clear();
        sns.clear();
    }

    static DroppedObject uploaded(String key) {
        PutObjectResponse put = env.upload(key, VALID);
        return new DroppedObject(LocalEnvironment.BUCKET, key, put.eTag(), VALID.length(), null, null);
    }

    static List<String> types() {
        return sns.published().stream().map(message -> message.attributes().get("type")).toList();
    }

    @Test
    void a_file_deleted_before_handling_fails_as_access_denied_without_list_bucket_and_is_rejected_with_it() {
        DroppedObject withoutList = uploaded("incoming/deleted-no-list.json");
        DroppedObject withList = uploaded("incoming/deleted-with-list.json");
        env.clients().s3().deleteObject(b -> b.bucket(LocalEnvironment.BUCKET).key(withoutList.key()));
        env.clients().s3().deleteObject(b -> b.bucket(LocalEnvironment.BUCKET).key(withList.key()));
        Instant deadline = Instant.now().plusSeconds(60);

        env.standIns().s3Faults().withoutListBucket(); // what S3 does for a role without s3:ListBucket
        Drop denied = S3DropHandler.handle(List.of(withoutList), env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME).submitDrop(), deadline).get(0).drop();
        env.standIns().resetFaults(); // the role as the stack grants it: ListBucket on the upload prefix
        Drop gone = S3DropHandler.handle(List.of(withList), env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME).submitDrop(), deadline).get(0).drop();

        assertThat(denied.status()).isEqualTo(DropStatus.FAILED);
        assertThat(denied.errors()).singleElement().asString().startsWith("AccessDenied").contains("s3:ListBucket");
        assertThat(gone.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(gone.errors()).singleElement().asString().contains("no longer exists");
        assertThat(types()).containsExactly("SubmissionFailed", "FileRejected");
        assertThat(omics.calls()).noneMatch(call -> call.operation().equals("StartRunBatch")
                && call.body().contains("deleted-"));
    }

    @Test
    void the_reconciler_resumes_a_stuck_drop_by_invoking_the_submit_alias_asynchronously() throws Exception {
        DroppedObject object = uploaded("incoming/resumed-by-invoke.json");
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        env.dropzone().drops().claim(object, "resumed-by-invoke", anHourAgo, Duration.ofMinutes(15)); // then died
        SweepStuckDrops sweep = new SweepStuckDrops(env.dropzone(LocalEnvironment.RECONCILE_FUNCTION_NAME).drops(),
                new LambdaDropResumer(env.clients(LedgerRole.RECONCILE).lambda(), LocalEnvironment.SUBMIT_FUNCTION,
                        Clock.systemUTC()),
                notifier(LedgerRole.RECONCILE), Disclosure.FULL, Clock.systemUTC(), Duration.ofMinutes(30), Duration.ofHours(24),
                Duration.ofMinutes(15), env.clients(LedgerRole.RECONCILE).omics());

        SweepStuckDrops.Summary summary = sweep.run(50);
        assertThat(env.standIns().lambda().awaitIdle(Duration.ofSeconds(60))).isTrue();

        assertThat(summary.resumed()).isEqualTo(1);
        List<LambdaEndpoint.Invocation> invocations = env.standIns().lambda().invocations();
        assertThat(invocations).singleElement().satisfies(invocation -> {
            assertThat(invocation.invocationType()).isEqualTo("Event");
            assertThat(invocation.qualifier()).isEqualTo("live");
            assertThat(invocation.payload()).contains(ResumeEvent.EVENT_NAME, object.requestId());
        });
        Drop drop = env.dropzone().drops().find(object.requestId()).orElseThrow();
        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop.settled()).isTrue();
        assertThat(types()).containsExactly("BatchSubmitted");
    }

    @Test
    void an_event_whose_retries_ran_out_before_the_claim_waits_in_the_failure_queue() throws Exception {
        DroppedObject object = uploaded("incoming/never-claimed.json");
        // DynamoDB is down for every attempt of every delivery: not even the claim gets written.
        env.standIns().dynamoDbFaults().inject(FaultRule.on("PutItem")
                .respond(ServiceError.dynamoDbInternalServerError()).times(1_000));
        String event = S3EventJson.objectCreated(object, Instant.now(), "ObjectCreated:Put");

        env.clients().lambda().invokeEvent(LocalEnvironment.SUBMIT_FUNCTION, event);
        assertThat(env.standIns().lambda().awaitIdle(Duration.ofSeconds(120))).isTrue();

        assertThat(env.dropzone().drops().find(object.requestId())).isEmpty();
        assertThat(env.standIns().sqs().messageBodies(env.submitFailuresQueueUrl())).singleElement().asString()
                .contains("RetriesExhausted", "never-claimed.json");
        assertThat(sns.published()).isEmpty();
    }

    @Test
    void a_resume_whose_retries_ran_out_is_resumed_by_redrive_failures() {
        DroppedObject object = uploaded("incoming/resume-exhausted.json");
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        env.dropzone().drops().claim(object, "resume-exhausted", anHourAgo, Duration.ofMinutes(15)); // then died
        String onFailure = "{\"requestContext\":{\"condition\":\"RetriesExhausted\"},\"requestPayload\":"
                + ResumeEvent.of(object.requestId(), LocalEnvironment.BUCKET, Instant.now()) + "}";
        String queue = env.submitFailuresQueueUrl();
        env.standIns().sqs().sendMessage(queue, onFailure); // what Lambda's on-failure destination writes

        var lines = new io.omicsdropzone.cli.FailureQueueRedrive(env.clients(LedgerRole.OPERATOR).sqs(),
                env.dropzone().submitDrop(), env.dropzone().resumeDrop(),
                Clock.systemUTC()).run(queue, 10);

        assertThat(lines).allSatisfy(line -> assertThat(line.redriven()).as(line.reason()).isTrue());
        Drop drop = env.dropzone().drops().find(object.requestId()).orElseThrow();
        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop.settled()).isTrue();
        assertThat(env.standIns().sqs().messageBodies(queue)).noneMatch(body -> body.contains(object.requestId()));
    }

    private static io.omicsdropzone.domain.notification.Notifier notifier(LedgerRole role) {
        return new io.omicsdropzone.aws.SnsNotifier(env.clients(role).sns(), env.config().topicArn());
    }
}
