package io.omicsdropzone.local;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.app.ReconcilePass;
import io.omicsdropzone.config.Config;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.handler.BatchStatusEventJson;
import io.omicsdropzone.local.standins.ObjectCreatedEvents.ObjectCreated;
import io.omicsdropzone.metrics.EmfWriter;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The stand-ins wired as a deployed stack wires the services, so any client can use the offline dropzone as an
 * account: an upload under the upload prefix, by the SDK, {@code aws s3 cp} or anything else, reaches the submit
 * function; batches move on a clock and their status events reach the batch-status function; the reconciler runs
 * on its schedule. Nothing here calls a use case directly except through the function it stands for.
 *
 * <ul>
 *   <li>S3 event notification ({@code ObjectCreated:*}, prefix {@value #UPLOAD_PREFIX}, suffix {@code .json}, and
 *       {@code .csv}/{@code .tsv} when a pipeline takes samplesheets, as {@code SubmitPipeline} configures it): every
 *       write the S3 server completes becomes an S3 event handed to the submit function as an asynchronous
 *       invocation, after the write is answered. S3 delivers notifications at least once, typically in seconds
 *       ("Amazon S3 event notifications are designed to be delivered at least once",
 *       https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html); {@link Settings#deliverTwice}
 *       sends each one twice to show that a repeat changes nothing.</li>
 *   <li>EventBridge rule on "RunBatch Status Change": each event the HealthOmics emulator emits is an asynchronous
 *       invocation of the batch-status function (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html).</li>
 *   <li>The emulator advances every open batch one step each {@link Settings#batchStep} (a real batch takes minutes to
 *       hours; the step sets the speed).</li>
 *   <li>The reconcile schedule (an EventBridge rate rule in the stack) runs a pass every {@link Settings#reconcileEvery},
 *       resuming stuck drops through the submit function as the deployed reconciler does ({@code SUBMIT_FUNCTION}).</li>
 * </ul>
 */
public final class LiveDropzone implements AutoCloseable {

    /** The stack's default upload prefix (context key {@code uploadPrefix}). */
    public static final String UPLOAD_PREFIX = "incoming/";
    /** The batch-status function as the EventBridge rule targets it. */
    public static final String BATCH_STATUS_FUNCTION =
            "arn:aws:lambda:us-east-1:123456789012:function:omics-dropzone-batch-status";

    /**
     * How fast the offline account moves.
     *
     * @param batchStep      every open batch moves one lifecycle step this often
     * @param reconcileEvery the reconcile schedule's rate
     * @param deliverTwice   each S3 event is delivered twice (S3's at-least-once delivery, made visible)
     */
    public record Settings(Duration batchStep, Duration reconcileEvery, boolean deliverTwice) {

        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(3), Duration.ofMinutes(1), false);

        /** {@code -DtryLocal.batchStep=PT3S -DtryLocal.reconcileEvery=PT1M -DtryLocal.deliverTwice=false}. */
        public static Settings fromSystemProperties(Properties properties) {
            return new Settings(
                    Duration.parse(properties.getProperty("tryLocal.batchStep", DEFAULT.batchStep.toString())),
                    Duration.parse(properties.getProperty("tryLocal.reconcileEvery",
                            DEFAULT.reconcileEvery.toString())),
                    Boolean.parseBoolean(properties.getProperty("tryLocal.deliverTwice", "false")));
        }
    }

    private final LocalEnvironment env;
    private final Settings settings;
    private final PrintStream log;
    private final List<String> suffixes;
    private final ScheduledExecutorService schedule;
    private final Consumer<ObjectCreated> notification = this::notifySubmit;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LiveDropzone(LocalEnvironment env, Settings settings, PrintStream log) {
        this.env = env;
        this.settings = settings;
        this.log = log;
        List<String> accepted = new ArrayList<>(List.of(".json"));
        if (env.config().pipelines().acceptsSamplesheets()) {
            accepted.addAll(List.of(".csv", ".tsv"));
        }
        this.suffixes = List.copyOf(accepted);
        this.schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "reconcile-schedule");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Wires the stand-ins of {@code env}; {@link #close()} unwires them (the environment keeps running). */
    public static LiveDropzone start(LocalEnvironment env, Settings settings, PrintStream log) {
        LiveDropzone live = new LiveDropzone(env, settings, log);
        env.standIns().lambda().register(BATCH_STATUS_FUNCTION, live::batchStatusFunction);
        env.standIns().omics().onStatusChange(live::ruleOnStatusChange);
        env.standIns().s3().writes().onObjectCreated(live.notification);
        env.standIns().omics().autoAdvance(settings.batchStep());
        long every = settings.reconcileEvery().toMillis();
        live.schedule.scheduleWithFixedDelay(live::reconcile, every, every, TimeUnit.MILLISECONDS);
        return live;
    }

    /** The bucket notification: filter as configured, then an asynchronous invocation per matching write. */
    private void notifySubmit(ObjectCreated created) {
        if (closed.get() || !created.bucket().equals(LocalEnvironment.BUCKET) || !created.key().startsWith(UPLOAD_PREFIX)
                || suffixes.stream().noneMatch(created.key()::endsWith)) {
            return;
        }
        DroppedObject object = new DroppedObject(created.bucket(), created.key(), created.eTag(), created.size(),
                created.versionId(), created.sequencer());
        String event = S3EventJson.objectCreated(object, created.eventTime(), created.eventName());
        int deliveries = settings.deliverTwice() ? 2 : 1;
        for (int i = 0; i < deliveries; i++) {
            env.standIns().lambda().deliverEvent(LocalEnvironment.SUBMIT_FUNCTION, event);
        }
        say("S3 event " + created.eventName() + " s3://" + created.bucket() + "/" + created.key()
                + " -> submit function (requestId " + object.requestId() + ")");
    }

    /** The EventBridge rule's target: one asynchronous invocation per event. */
    private void ruleOnStatusChange(String event) {
        if (!closed.get()) {
            env.standIns().lambda().deliverEvent(BATCH_STATUS_FUNCTION, event);
        }
    }

    /** What {@code BatchStatusHandler} does with an event, as the batch-status function builds it. */
    private String batchStatusFunction(String event) {
        BatchStatusEventJson.parse(event).ifPresent(observation -> {
            var outcome = env.dropzone(LocalEnvironment.BATCH_STATUS_FUNCTION_NAME).trackBatch().apply(observation);
            say("batch " + observation.batchId() + " " + observation.status() + " -> " + outcome);
        });
        return "null";
    }

    /** The reconcile function: configured with {@code SUBMIT_FUNCTION}, so stuck drops resume through it. */
    private void reconcile() {
        if (closed.get()) {
            return;
        }
        try {
            Map<String, String> environment = new HashMap<>(env.environment());
            environment.put(Config.SUBMIT_FUNCTION, LocalEnvironment.SUBMIT_FUNCTION);
            Config config = Config.fromEnvironment(environment);
            Dropzone reconcile = new Dropzone(config, env.clients(), EmfWriter.forFunction(env.emf()::accept,
                    LocalEnvironment.RECONCILE_FUNCTION_NAME, Clock.systemUTC()));
            ReconcilePass.Report report = reconcile.reconcilePass().run(config.reconcileMaxBatches(),
                    config.reconcileMaxBatches());
            if (report.batches().examined() > 0 || report.drops().examined() > 0 || report.needsAttention()) {
                say("reconcile pass: " + report.toMap());
            }
        } catch (RuntimeException e) {
            say("reconcile pass failed (the function's error alarm would fire): " + e);
        }
    }

    private void say(String line) {
        if (log != null) {
            log.println("[live] " + line);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            env.standIns().s3().writes().remove(notification);
            env.standIns().omics().autoAdvance(null);
            schedule.shutdownNow();
        }
    }
}
