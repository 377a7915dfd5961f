package io.omicsdropzone.handler;

import io.omicsdropzone.app.ReconcilePass;
import io.omicsdropzone.aws.AwsClients;
import io.omicsdropzone.aws.DynamoDbDropRepository;
import io.omicsdropzone.aws.SnsNotifier;
import io.omicsdropzone.cli.FailureQueueRedrive;
import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.notification.Notification;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.domain.submission.ResumeDrop;
import io.omicsdropzone.domain.submission.SubmitDrop;
import io.omicsdropzone.domain.tracking.ReconcileBatches;
import io.omicsdropzone.domain.tracking.SweepStuckDrops;
import io.omicsdropzone.domain.tracking.TrackBatch;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import io.omicsdropzone.local.standins.OmicsFault;
import io.omicsdropzone.local.standins.SnsEndpoint.PublishedMessage;
import io.omicsdropzone.local.standins.faults.FaultFront;
import io.omicsdropzone.local.standins.faults.FaultRule;
import io.omicsdropzone.local.standins.faults.ServiceError;
import io.omicsdropzone.local.standins.iam.LedgerRole;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise under fire: dozens of drops delivered repeatedly and concurrently (as S3's duplicates and Lambda's
 * retries deliver them) while S3, DynamoDB, SNS and HealthOmics fail in the ways AWS documents, then one reconciler
 * pass and the operator's redrive of the failure queue once the dependencies recovered. Every drop must end in exactly
 * one fitting, notified, terminal outcome, with at most one batch per requestId. Faults are injected by the stand-ins'
 * protocol fronts (seeded), deliveries go through the Lambda stand-in's asynchronous Invoke (3 tries, then the
 * SubmitFailures queue), and the figures are printed as a table.
 */
class FaultCampaignTest extends StandInsTestBase {

    static final long SEED = 20_261_201L;
    static final int DROPS = 40;
    static final int STORM = 32;
    /** What each delivery may take, as the function's timeout would allow: short, so busy drops fail fast. */
    static final Duration DELIVERY_TIME = Duration.ofSeconds(5);
    /** The reconciler runs "an hour later": leases have ended and stuck drops are quiet for longer than 30 min. */
    static final Duration LATER = Duration.ofHours(1);

    static final String VALID = "[{\"runSettingId\":\"S1\",\"parameters\":{\"sample\":\"S1\"}},"
            + "{\"runSettingId\":\"S2\",\"parameters\":{\"sample\":\"S2\"}}]";
    static final String INVALID = "[{\"runSettingId\":\"S1\",\"priority\":-1},{\"runSettingId\":\"S1\"}]";
    /** Every write into it gets a fresh ETag, as SSE-KMS gives (S3Server#encryptBucket). */
    static final String ENCRYPTED_BUCKET = LocalEnvironment.ENCRYPTED_BUCKET;

    enum Kind {
        /** A good file: SUBMITTED (or FAILED when HealthOmics answered ConflictException, a non-retryable error). */
        VALID,
        /** A file with errors: REJECTED, never submitted. */
        INVALID,
        /** Deleted before its first delivery (the role may list the prefix): REJECTED, "no longer exists". */
        DELETED,
        /** S3 denies the role this key: FAILED, AccessDenied. */
        DENIED,
        /** Received a day ago; S3 never answered it: FAILED by the give-up rule. */
        BROKEN_FOR_GOOD,
        /** One event delivered 32 times at once: one batch. */
        STORM,
        /** S3 answered nothing but SlowDown while it was delivered: claimed, stuck, resumed by the sweep. */
        S3_OUTAGE,
        /** HealthOmics throttled every StartRunBatch: validated, stuck SUBMITTING, resumed without a re-read. */
        OMICS_OUTAGE,
        /** DynamoDB was down: not even the claim was written; only the failure queue knows it. */
        DYNAMODB_OUTAGE,
        /** Tagged by a scanner, while the role may not copy tags: SUBMITTED as VALID (the snapshot copies no tags). */
        TAGGED,
        /** The first upload of a file into the SSE-KMS bucket: as VALID, or REJECTED as overwritten by its re-upload. */
        ENCRYPTED,
        /**
         * The same bytes uploaded again to that key (another ETag, so another requestId): DUPLICATE of the first, or
         * SUBMITTED when the first never got as far as holding the content; never a second batch.
         */
        REENCRYPTED,
        /**
         * Received a day ago; StartRunBatch created its batch every time but each answer was lost, so the drop stayed
         * SUBMITTING until the give-up rule: the sweep finds the batch (ListBatch, GetBatch) and records it SUBMITTED.
         */
        LOST_ANSWERS_THEN_GIVE_UP
    }

    record Planned(Kind kind, DroppedObject object) {
    }

    final Map<String, AtomicInteger> deliveryActions = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> attemptFailures = new ConcurrentHashMap<>();
    /** HealthOmics faults queued by the outage phase, for the figures. */
    final Map<String, Long> omicsOutageFaults = new TreeMap<>();

    @Test
    void every_drop_reaches_one_fitting_terminal_notified_outcome_under_faults() throws Exception {
        Random random = new Random(SEED);
        env.clients().s3().createBucket(b -> b.bucket(ENCRYPTED_BUCKET));
        env.standIns().s3().encryptBucket(ENCRYPTED_BUCKET);
        env.standIns().s3Faults().denyTagCopy(); // IAM, not a passing fault: on for the whole campaign
        List<Planned> plan = plan();
        Planned broken = receivedADayAgoAndNeverRead();
        Planned lostAnswers = startedADayAgoAndNeverHeardBack();
        Planned storm = new Planned(Kind.STORM, upload("incoming/campaign/storm.json", VALID));
        countDeliveries();
        Map<String, Long> omicsFaults = injectFaults();

        int invokes = deliver(plan, random);
        int stormDeliveries = storm(storm);
        assertThat(env.standIns().lambda().awaitIdle(Duration.ofMinutes(5))).isTrue();
        List<Planned> reuploads = reuploads(plan);
        invokes += deliver(reuploads, random);
        assertThat(env.standIns().lambda().awaitIdle(Duration.ofMinutes(5))).isTrue();
        List<Planned> outages = outages();
        invokes += outages.size();
        Map<String, Long> injected = injectedByKind(omicsFaults);

        // The dependencies recovered; an hour later the reconciler runs, then the operator drains the failure queue.
        env.standIns().resetFaults();
        env.standIns().s3Faults().denyTagCopy();
        omics.clearFaults();
        Clock later = Clock.offset(Clock.systemUTC(), LATER);
        ReconcilePass.Report report = reconcilePass(later).run(1000, 1000);
        List<FailureQueueRedrive.Line> redriven = new FailureQueueRedrive(env.clients(LedgerRole.OPERATOR).sqs(),
                submitDrop(later, LedgerRole.OPERATOR), later).run(env.submitFailuresQueueUrl(), 1000);

        List<Planned> all = new ArrayList<>(plan);
        all.addAll(reuploads);
        all.addAll(outages);
        all.add(broken);
        all.add(lostAnswers);
        all.add(storm);
        Map<String, Drop> outcomes = outcomes(all);
        Map<String, List<PublishedMessage>> notified = notificationsByRequestId();
        printFigures(all, outcomes, injected, invokes, stormDeliveries, report, redriven, notified);

        assertThat(report.needsAttention()).as(report.problem()).isFalse();
        assertThat(report.drops().resumed()).as("at least the S3-outage drops").isGreaterThanOrEqualTo(4);
        assertThat(report.drops().gaveUp()).isEqualTo(1);
        assertThat(report.drops().batchesFound()).as("the lost-answers drop is found, not given up").isEqualTo(1);
        assertThat(redriven).as("at least the S3 and DynamoDB outages waited in the queue").hasSizeGreaterThanOrEqualTo(7);
        assertThat(redriven).allSatisfy(line -> assertThat(line.redriven()).as(line.reason()).isTrue());
        assertThat(env.dropzone().drops().stuckDrops(Instant.now().plus(Duration.ofDays(30)), 1000))
                .as("no drop is left unsettled").isEmpty();
        assertThat(env.dropzone().drops().listAll()).as("exactly one item per dropped file").hasSize(all.size());
        for (Planned planned : all) {
            Drop drop = outcomes.get(planned.object().requestId());
            assertThat(drop).as(planned.object().key()).isNotNull();
            assertThat(drop.settled()).as(planned.object().key() + " settled").isTrue();
            assertFits(planned, drop);
            assertNotifiedOnce(drop, notified.getOrDefault(drop.requestId(), List.of()));
        }
        assertReuploadsFit(plan, reuploads, outcomes);
        assertThat(outcomes.values().stream().filter(drop -> drop.status() == DropStatus.SUBMITTED)
                .collect(java.util.stream.Collectors.groupingBy(drop -> drop.object().bucket() + "/"
                        + drop.object().key() + "#" + drop.content().sha256(), java.util.stream.Collectors.counting())))
                .as("at most one batch per content and key").allSatisfy((content, count) -> assertThat(count).isOne());
        assertThat(injected).as("no snapshot copied tags").doesNotContainKey("s3 AccessDenied:tag-copy");
        Map<String, Integer> batches = omics.batchesByRequestId();
        assertThat(batches.values()).as("at most one batch per requestId").allMatch(count -> count == 1);
        assertThat(batches.keySet()).as("a batch exactly for every SUBMITTED drop")
                .containsExactlyInAnyOrderElementsOf(outcomes.values().stream()
                        .filter(drop -> drop.status() == DropStatus.SUBMITTED).map(Drop::requestId).toList());
        assertThat(injected.values().stream().mapToLong(Long::longValue).sum()).as("faults were injected")
                .isGreaterThan(20);
    }

    // ---- the files --------------------------------------------------------------------------------------------

    private List<Planned> plan() {
        List<Planned> plan = new ArrayList<>();
        for (int i = 0; i < DROPS; i++) {
            Kind kind = switch (i % 8) {
                case 0 -> Kind.INVALID;
                case 1 -> Kind.DELETED;
                case 2 -> Kind.DENIED;
                case 3 -> Kind.TAGGED;
                case 4 -> Kind.ENCRYPTED;
                default -> Kind.VALID;
            };
            String key = "incoming/campaign/" + kind.name().toLowerCase() + "-" + i + ".json";
            DroppedObject object = switch (kind) {
                case INVALID -> upload(key, INVALID);
                case TAGGED -> upload(LocalEnvironment.BUCKET, key, VALID, "av-status=clean&classification=internal");
                case ENCRYPTED -> upload(ENCRYPTED_BUCKET, key, VALID, null);
                default -> upload(key, VALID);
            };
            if (kind == Kind.DELETED) {
                env.clients().s3().deleteObject(b -> b.bucket(LocalEnvironment.BUCKET).key(key));
            }
            if (kind == Kind.DENIED) {
                env.standIns().s3Faults().denyKey(key);
            }
            plan.add(new Planned(kind, object));
        }
        return plan;
    }

    /** Its one delivery was a day ago; every HeadObject then failed, and Lambda's retries ran out. */
    private Planned receivedADayAgoAndNeverRead() {
        DroppedObject object = upload("incoming/campaign/broken-for-good.json", VALID);
        FaultFront s3 = env.standIns().s3Faults();
        s3.inject(FaultRule.on("HeadObject").key(object.key()).respond(ServiceError.s3SlowDown()).times(10_000));
        SubmitDrop yesterday = submitDrop(Clock.offset(Clock.systemUTC(), Duration.ofHours(-25)), LedgerRole.SUBMIT);
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                yesterday.handle(object, Instant.now().plus(DELIVERY_TIME));
            } catch (RuntimeException expected) {
                // SlowDown after the SDK's retries: the attempt is recorded, the drop stays open
            }
        }
        return new Planned(Kind.BROKEN_FOR_GOOD, object);
    }

    /** Its deliveries were a day ago; every StartRunBatch created (or found) its batch and the answer was lost. */
    private Planned startedADayAgoAndNeverHeardBack() {
        DroppedObject object = upload("incoming/campaign/lost-answers.json", VALID);
        int calls = 3 * AwsClients.OMICS_MAX_ATTEMPTS; // 3 deliveries, each with the client's attempts
        omics.injectNext("StartRunBatch", calls, OmicsFault.LOST_RESPONSE);
        omicsOutageFaults.put("omics StartRunBatch LOST_RESPONSE (then give-up)", (long) calls);
        SubmitDrop yesterday = submitDrop(Clock.offset(Clock.systemUTC(), Duration.ofHours(-25)), LedgerRole.SUBMIT);
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                yesterday.handle(object, Instant.now().plus(DELIVERY_TIME));
            } catch (RuntimeException expected) {
                // the connection closed before the answer, after the client's retries: the drop stays SUBMITTING
            }
        }
        assertThat(env.dropzone().drops().find(object.requestId()).orElseThrow().status())
                .isEqualTo(DropStatus.SUBMITTING);
        assertThat(omics.batchesByRequestId()).containsEntry(object.requestId(), 1);
        return new Planned(Kind.LOST_ANSWERS_THEN_GIVE_UP, object);
    }

    private static DroppedObject upload(String key, String content) {
        String etag = env.upload(key, content).eTag();
        return new DroppedObject(LocalEnvironment.BUCKET, key, etag, content.length(), null, null);
    }

    /** @param tagging {@code x-amz-tagging} (URL-query form), or null for none */
    private static DroppedObject upload(String bucket, String key, String content, String tagging) {
        String etag = env.clients().s3().putObject(b -> b.bucket(bucket).key(key).tagging(tagging),
                software.amazon.awssdk.core.sync.RequestBody.fromString(content)).eTag();
        return new DroppedObject(bucket, key, etag, content.length(), null, null);
    }

    /**
     * After the first deliveries: every file of the SSE-KMS bucket uploaded again with the same bytes (a fresh ETag,
     * so a new requestId), delivered 1–3 times under the same faults.
     */
    private static List<Planned> reuploads(List<Planned> plan) {
        List<Planned> reuploads = new ArrayList<>();
        for (Planned planned : plan) {
            if (planned.kind() == Kind.ENCRYPTED) {
                DroppedObject again = upload(ENCRYPTED_BUCKET, planned.object().key(), VALID, null);
                assertThat(again.etag()).isNotEqualTo(planned.object().etag());
                reuploads.add(new Planned(Kind.REENCRYPTED, again));
            }
        }
        return reuploads;
    }

    // ---- faults -----------------------------------------------------------------------------------------------

    /** Seeded fault rules on the S3, DynamoDB and SNS fronts; queued HealthOmics faults. Returns the latter. */
    private Map<String, Long> injectFaults() {
        long seed = SEED;
        FaultFront s3 = env.standIns().s3Faults();
        s3.inject(FaultRule.on("HeadObject").respond(ServiceError.s3SlowDown()).withProbability(0.12, ++seed));
        s3.inject(FaultRule.on("HeadObject").respond(ServiceError.s3InternalError()).withProbability(0.05, ++seed));
        s3.inject(FaultRule.on("HeadObject").reset().withProbability(0.05, ++seed));
        s3.inject(FaultRule.on("HeadObject").delay(Duration.ofSeconds(6)).withProbability(0.01, ++seed));
        s3.inject(FaultRule.on("GetObject").respond(ServiceError.s3InternalError()).withProbability(0.08, ++seed));
        s3.inject(FaultRule.on("GetObject").reset().withProbability(0.05, ++seed));
        FaultFront dynamoDb = env.standIns().dynamoDbFaults();
        Set<String> items = Set.of("PutItem", "UpdateItem", "GetItem");
        dynamoDb.inject(FaultRule.on(request -> items.contains(request.operation()))
                .respond(ServiceError.dynamoDbProvisionedThroughputExceeded()).withProbability(0.08, ++seed));
        dynamoDb.inject(FaultRule.on(request -> items.contains(request.operation()))
                .respond(ServiceError.dynamoDbInternalServerError()).withProbability(0.04, ++seed));
        // The write happens, its answer is lost: the SDK retries a conditional write that already succeeded.
        dynamoDb.inject(FaultRule.on(request -> items.contains(request.operation())).dropResponse()
                .withProbability(0.03, ++seed));
        FaultFront sns = env.standIns().snsFaults();
        sns.inject(FaultRule.on("Publish").respond(ServiceError.snsInternalError()).withProbability(0.10, ++seed));
        sns.inject(FaultRule.on("Publish").respond(ServiceError.snsThrottled()).withProbability(0.10, ++seed));
        // Published, answer lost: the SDK publishes again, subscribers see the same notificationId twice.
        sns.inject(FaultRule.on("Publish").dropResponse().withProbability(0.05, ++seed));
        // HealthOmics answers the first StartRunBatch calls with these, in this order. The conflict comes first: after
        // a lost response HealthOmics answers the same requestId and body with the same batch, never with a 409.
        Map<OmicsFault, Integer> queued = new LinkedHashMap<>();
        queued.put(OmicsFault.CONFLICT, 1);
        queued.put(OmicsFault.THROTTLING, 3);
        queued.put(OmicsFault.INTERNAL_SERVER_ERROR, 3);
        queued.put(OmicsFault.LOST_RESPONSE, 3);
        queued.put(OmicsFault.SERVICE_QUOTA_EXCEEDED, 2);
        Map<String, Long> injected = new TreeMap<>();
        queued.forEach((fault, count) -> {
            omics.injectNext("StartRunBatch", count, fault);
            injected.put("omics StartRunBatch " + fault.name(), (long) count);
        });
        return injected;
    }

    private Map<String, Long> injectedByKind(Map<String, Long> omicsFaults) {
        Map<String, Long> injected = new TreeMap<>(omicsFaults);
        injected.putAll(omicsOutageFaults);
        env.standIns().s3Faults().injectedByKind().forEach((kind, n) -> injected.put("s3 " + kind, n));
        env.standIns().dynamoDbFaults().injectedByKind().forEach((kind, n) -> injected.put("dynamodb " + kind, n));
        env.standIns().snsFaults().injectedByKind().forEach((kind, n) -> injected.put("sns " + kind, n));
        return injected;
    }

    // ---- deliveries -------------------------------------------------------------------------------------------

    /** The submit alias as Lambda runs it, counting what each attempt did. */
    private void countDeliveries() {
        env.standIns().lambda().register(LocalEnvironment.SUBMIT_FUNCTION, payload -> {
            try {
                List<DropResult> results = S3DropHandler.handle(S3Records.droppedObjects(S3EventJson.parse(payload)),
                        env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME).submitDrop(), Instant.now().plus(DELIVERY_TIME));
                results.forEach(result -> count(deliveryActions, result.action().name()));
                return "null";
            } catch (RuntimeException e) {
                count(attemptFailures, e.getClass().getSimpleName());
                throw e;
            }
        });
    }

    /** Every event 1–3 times (S3 delivers at least once), in shuffled order, as asynchronous invocations. */
    private int deliver(List<Planned> plan, Random random) {
        List<DroppedObject> deliveries = new ArrayList<>();
        for (Planned planned : plan) {
            for (int copies = 1 + random.nextInt(3); copies > 0; copies--) {
                deliveries.add(planned.object());
            }
        }
        Collections.shuffle(deliveries, random);
        deliveries.forEach(FaultCampaignTest::invoke);
        return deliveries.size();
    }

    /**
     * Outages long enough to outlast the SDK's and Lambda's retries, one dependency at a time: S3 (4 drops: claimed,
     * then stuck RECEIVED), HealthOmics (2 drops: stuck SUBMITTING), DynamoDB (3 drops: never claimed). Each event is
     * delivered once; all three tries fail and Lambda puts its record in the SubmitFailures queue.
     */
    private List<Planned> outages() throws InterruptedException {
        List<Planned> outages = new ArrayList<>();
        FaultFront s3 = env.standIns().s3Faults();
        for (int i = 0; i < 4; i++) {
            DroppedObject object = upload("incoming/campaign/s3-outage-" + i + ".json", VALID);
            s3.inject(FaultRule.on("HeadObject").key(object.key()).respond(ServiceError.s3SlowDown()).times(10_000));
            outages.add(new Planned(Kind.S3_OUTAGE, object));
        }
        for (int i = 0; i < 2; i++) {
            outages.add(new Planned(Kind.OMICS_OUTAGE, upload("incoming/campaign/omics-outage-" + i + ".json", VALID)));
        }
        omics.injectNext("StartRunBatch", 2 * 3 * 3, OmicsFault.THROTTLING); // 2 drops x 3 tries x 3 SDK attempts
        omicsOutageFaults.put("omics StartRunBatch THROTTLING (outage)", 18L);
        outages.forEach(planned -> invoke(planned.object()));
        assertThat(env.standIns().lambda().awaitIdle(Duration.ofMinutes(5))).isTrue();
        List<Planned> unclaimed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            unclaimed.add(new Planned(Kind.DYNAMODB_OUTAGE, upload("incoming/campaign/dynamodb-outage-" + i + ".json",
                    VALID)));
        }
        env.standIns().dynamoDbFaults().inject(FaultRule.on("PutItem")
                .respond(ServiceError.dynamoDbInternalServerError()).times(100_000));
        unclaimed.forEach(planned -> invoke(planned.object()));
        assertThat(env.standIns().lambda().awaitIdle(Duration.ofMinutes(5))).isTrue();
        outages.addAll(unclaimed);
        return outages;
    }

    private static void invoke(DroppedObject object) {
        String event = S3EventJson.objectCreated(object, Instant.now(), "ObjectCreated:Put");
        env.clients().lambda().invokeEvent(LocalEnvironment.SUBMIT_FUNCTION, event);
    }

    /** {@value #STORM} deliveries of one event released at the same instant, each retried like Lambda would. */
    private int storm(Planned storm) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(STORM);
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int i = 0; i < STORM; i++) {
                pool.execute(() -> {
                    try {
                        start.await();
                        for (int attempt = 0; attempt < 3; attempt++) {
                            try {
                                DropResult result = env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME).submitDrop()
                                        .handle(storm.object(), Instant.now().plus(DELIVERY_TIME));
                                count(deliveryActions, result.action().name());
                                return;
                            } catch (RuntimeException e) {
                                count(attemptFailures, e.getClass().getSimpleName());
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            start.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
        }
        return STORM;
    }

    private static void count(Map<String, AtomicInteger> counters, String name) {
        counters.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
    }

    // ---- recovery ---------------------------------------------------------------------------------------------

    /** The submit path under {@code role}: the submit alias's (a resume) or the operator's (redrive-failures). */
    private static SubmitDrop submitDrop(Clock clock, LedgerRole role) {
        io.omicsdropzone.app.Dropzone as = new io.omicsdropzone.app.Dropzone(env.config(), env.clients(role));
        return new SubmitDrop(new SubmitDrop.Ports(as.drops(), as.store(), as.snapshots(), env.clients(role).omics(),
                notifier(role), as.spool()), Pipelines.single(env.config().defaultRunSetting()), Disclosure.FULL, null,
                clock, Duration.ofMinutes(15), wait -> Thread.sleep(wait.toMillis()));
    }

    /** The reconciler's pass, resuming stuck drops in-process (as the CLI's {@code reconcile} does). */
    private static ReconcilePass reconcilePass(Clock clock) {
        DynamoDbDropRepository drops = env.dropzone(LocalEnvironment.RECONCILE_FUNCTION_NAME).drops();
        TrackBatch track = new TrackBatch(drops, env.clients(LedgerRole.RECONCILE).omics(),
                notifier(LedgerRole.RECONCILE), Disclosure.FULL, clock, Duration.ofMinutes(2));
        // In Lambda the reconciler resumes through the submit alias, so the resume runs under the submit role.
        SubmitDrop resume = submitDrop(clock, LedgerRole.SUBMIT);
        // Deadlines are instants on the submit path's clock (here an hour ahead, like every time it reads).
        ResumeDrop byRequestId = new ResumeDrop(env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME).drops(), resume, owned -> {
            throw new IllegalStateException("no re-drives in this campaign");
        }, clock, Duration.ofMinutes(15));
        SweepStuckDrops sweep = new SweepStuckDrops(drops, drop -> byRequestId.resume(drop.requestId(),
                clock.instant().plus(Duration.ofMinutes(1))), notifier(LedgerRole.RECONCILE), Disclosure.FULL, clock,
                Duration.ofMinutes(30), Duration.ofHours(24), Duration.ofMinutes(15),
                env.clients(LedgerRole.RECONCILE).omics());
        return new ReconcilePass(new ReconcileBatches(drops, env.clients(LedgerRole.RECONCILE).omics(), track, clock,
                Duration.ofMinutes(5)), sweep);
    }

    private static SnsNotifier notifier(LedgerRole role) {
        return new SnsNotifier(env.clients(role).sns(), env.config().topicArn());
    }

    // ---- invariants -------------------------------------------------------------------------------------------

    private static Map<String, Drop> outcomes(List<Planned> all) {
        Map<String, Drop> outcomes = new LinkedHashMap<>();
        for (Planned planned : all) {
            env.dropzone().drops().find(planned.object().requestId())
                    .ifPresent(drop -> outcomes.put(drop.requestId(), drop));
        }
        return outcomes;
    }

    private static void assertFits(Planned planned, Drop drop) {
        String key = planned.object().key();
        switch (planned.kind()) {
            case VALID -> {
                if (drop.status() == DropStatus.FAILED) {
                    assertThat(drop.errors()).as(key).singleElement().asString().startsWith("ConflictException");
                } else {
                    assertThat(drop.status()).as(key).isEqualTo(DropStatus.SUBMITTED);
                    assertThat(drop.runCount()).as(key).isEqualTo(2);
                }
            }
            case TAGGED -> {
                if (drop.status() == DropStatus.FAILED) {
                    assertThat(drop.errors()).as(key).singleElement().asString().startsWith("ConflictException");
                } else {
                    assertThat(drop.status()).as(key).isEqualTo(DropStatus.SUBMITTED);
                }
            }
            case ENCRYPTED, REENCRYPTED -> {
                // Checked pairwise in assertReuploadsFit; here only what any of them may be.
                assertThat(drop.status()).as(key).isIn(DropStatus.SUBMITTED, DropStatus.DUPLICATE, DropStatus.REJECTED,
                        DropStatus.FAILED);
                if (drop.status() == DropStatus.FAILED) {
                    assertThat(drop.errors()).as(key).singleElement().asString().startsWith("ConflictException");
                }
            }
            case STORM, S3_OUTAGE, OMICS_OUTAGE, DYNAMODB_OUTAGE, LOST_ANSWERS_THEN_GIVE_UP ->
                    assertThat(drop.status()).as(key).isEqualTo(DropStatus.SUBMITTED);
            case INVALID -> {
                assertThat(drop.status()).as(key).isEqualTo(DropStatus.REJECTED);
                assertThat(drop.errorCount()).as(key).isEqualTo(2);
            }
            case DELETED -> {
                assertThat(drop.status()).as(key).isEqualTo(DropStatus.REJECTED);
                assertThat(drop.errors()).as(key).singleElement().asString().contains("no longer exists");
            }
            case DENIED -> {
                assertThat(drop.status()).as(key).isEqualTo(DropStatus.FAILED);
                assertThat(drop.errors()).as(key).singleElement().asString().startsWith("AccessDenied");
            }
            case BROKEN_FOR_GOOD -> {
                assertThat(drop.status()).as(key).isEqualTo(DropStatus.FAILED);
                assertThat(drop.errors()).as(key).singleElement().asString()
                        .contains("gave up", "after 3 attempt(s)", "Status Code: 503");
            }
        }
    }

    /**
     * Each pair of the SSE-KMS bucket (same key, same bytes, two ETags) started at most one batch: one of the two holds
     * the content (SUBMITTED, or FAILED by the injected conflict); the other is DUPLICATE of it, or, for the first
     * upload only, REJECTED as overwritten by the second before it got that far.
     */
    private static void assertReuploadsFit(List<Planned> plan, List<Planned> reuploads, Map<String, Drop> outcomes) {
        List<Planned> firsts = plan.stream().filter(planned -> planned.kind() == Kind.ENCRYPTED).toList();
        assertThat(reuploads).hasSameSizeAs(firsts);
        for (int i = 0; i < firsts.size(); i++) {
            Drop first = outcomes.get(firsts.get(i).object().requestId());
            Drop second = outcomes.get(reuploads.get(i).object().requestId());
            String key = first.object().key();
            if (second.status() == DropStatus.DUPLICATE) {
                assertThat(second.content().duplicateOf()).as(key).isEqualTo(first.requestId());
                assertThat(first.status()).as(key).isIn(DropStatus.SUBMITTED, DropStatus.FAILED);
            } else {
                assertThat(second.status()).as(key).isIn(DropStatus.SUBMITTED, DropStatus.FAILED);
                assertThat(first.status()).as(key).isIn(DropStatus.REJECTED, DropStatus.DUPLICATE);
                if (first.status() == DropStatus.REJECTED) {
                    assertThat(first.errors()).as(key).singleElement().asString().containsAnyOf("changed", "overwritten");
                }
            }
        }
    }

    /** At least one notification of the outcome's type, none of a conflicting outcome type. */
    private static void assertNotifiedOnce(Drop drop, List<PublishedMessage> messages) {
        Notification outcome = Notification.outcomeOf(drop, Disclosure.FULL);
        String expected = outcome.type();
        Set<String> outcomeTypes = Set.of(Notification.BATCH_SUBMITTED, Notification.FILE_REJECTED,
                Notification.SUBMISSION_FAILED, Notification.DUPLICATE_FILE);
        List<String> types = messages.stream().map(message -> message.attributes().get("type")).toList();
        assertThat(types).as(drop.object().key()).contains(expected);
        assertThat(types.stream().filter(outcomeTypes::contains).distinct().toList()).as(drop.object().key())
                .containsExactly(expected);
        assertThat(messages).as("one notificationId per type").allSatisfy(message -> assertThat(
                message.attributes().get("notificationId")).isEqualTo(
                outcome.type().equals(message.attributes().get("type")) ? outcome.notificationId()
                        : message.attributes().get("type") + ":" + drop.batchId()));
    }

    /** By the drop a message is about: a DuplicateFile of a DUPLICATE drop names it in {@code duplicateRequestId}. */
    private static Map<String, List<PublishedMessage>> notificationsByRequestId() {
        Map<String, List<PublishedMessage>> byRequestId = new LinkedHashMap<>();
        for (PublishedMessage message : sns.published()) {
            Map<String, Object> body = JsonReader.readObject(message.message());
            Object requestId = body.containsKey("duplicateRequestId") ? body.get("duplicateRequestId")
                    : body.get("requestId");
            byRequestId.computeIfAbsent(String.valueOf(requestId), id -> new ArrayList<>()).add(message);
        }
        return byRequestId;
    }

    // ---- figures ----------------------------------------------------------------------------------------------

    private void printFigures(List<Planned> all, Map<String, Drop> outcomes, Map<String, Long> injected, int invokes,
                              int stormDeliveries, ReconcilePass.Report report, List<FailureQueueRedrive.Line> redriven,
                              Map<String, List<PublishedMessage>> notified) {
        Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
        all.forEach(planned -> kinds.merge(planned.kind(), 1, Integer::sum));
        Map<String, Integer> statuses = new TreeMap<>();
        outcomes.values().forEach(drop -> statuses.merge(drop.status().name(), 1, Integer::sum));
        long published = notified.values().stream().mapToLong(List::size).sum();
        Set<String> ids = new HashSet<>();
        long repeats = notified.values().stream().flatMap(List::stream)
                .filter(message -> !ids.add(message.attributes().get("notificationId"))).count();
        StringBuilder table = new StringBuilder("\nFault campaign (seed " + SEED + ")\n\n| figure | value |\n|---|---|\n");
        row(table, "drops", all.size() + " " + kinds);
        row(table, "deliveries (async invokes, incl. duplicates)", Integer.toString(invokes));
        row(table, "duplicate-storm deliveries of one event", Integer.toString(stormDeliveries));
        int succeeded = snapshot(deliveryActions).values().stream().mapToInt(Integer::intValue).sum();
        int failed = snapshot(attemptFailures).values().stream().mapToInt(Integer::intValue).sum();
        row(table, "handler runs (Lambda attempts, retries and the storm included)", Integer.toString(succeeded + failed));
        row(table, "attempts that failed (by exception)", new TreeMap<>(snapshot(attemptFailures)).toString());
        row(table, "deliveries by result", new TreeMap<>(snapshot(deliveryActions)).toString());
        injected.forEach((kind, n) -> row(table, "fault: " + kind, Long.toString(n)));
        row(table, "faults injected in all", Long.toString(injected.values().stream().mapToLong(Long::longValue).sum()));
        row(table, "reconciler: stuck drops resumed / given up / found submitted", report.drops().resumed() + " / "
                + report.drops().gaveUp() + " / " + report.drops().batchesFound());
        row(table, "operator redrive: failure-queue messages re-handled", Integer.toString(redriven.size()));
        row(table, "outcomes", statuses.toString());
        row(table, "batches (StartRunBatch calls)", omics.batchesByRequestId().size() + " ("
                + omics.callCounts().getOrDefault("StartRunBatch", 0L) + ")");
        row(table, "notifications published / repeats of a notificationId", published + " / " + repeats);
        row(table, "duplicate deliveries absorbed (already settled)",
                Integer.toString(snapshot(deliveryActions).getOrDefault("ALREADY_SETTLED", 0)));
        System.out.println(table);
    }

    private static Map<String, Integer> snapshot(Map<String, AtomicInteger> counters) {
        Map<String, Integer> copy = new TreeMap<>();
        counters.forEach((name, n) -> copy.put(name, n.get()));
        return copy;
    }

    private static void row(StringBuilder table, String figure, String value) {
        table.append("| ").append(figure).append(" | ").append(value).append(" |\n");
    }
}
