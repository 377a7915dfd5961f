package io.omicsdropzone.app;

import io.omicsdropzone.app.metrics.DropOutcomeMetrics;
import io.omicsdropzone.app.metrics.MeteredRunSettingsStore;
import io.omicsdropzone.app.metrics.NotifiedOutcomes;
import io.omicsdropzone.aws.AwsClients;
import io.omicsdropzone.aws.DynamoDbDropRepository;
import io.omicsdropzone.aws.DynamoDbRunClaims;
import io.omicsdropzone.aws.LambdaDropResumer;
import io.omicsdropzone.aws.S3CheckProgressStore;
import io.omicsdropzone.aws.S3InputObjects;
import io.omicsdropzone.aws.S3RunSettingsStore;
import io.omicsdropzone.aws.S3SnapshotStore;
import io.omicsdropzone.aws.SnsNotifier;
import io.omicsdropzone.config.Config;
import io.omicsdropzone.config.PreflightSettings;
import io.omicsdropzone.domain.preflight.PreflightPlanner;
import io.omicsdropzone.domain.redrive.RedriveDrop;
import io.omicsdropzone.domain.redrive.RedriveSnapshots;
import io.omicsdropzone.domain.redrive.RunClaims;
import io.omicsdropzone.domain.snapshot.Snapshots;
import io.omicsdropzone.domain.submission.ResumeDrop;
import io.omicsdropzone.domain.submission.SubmitDrop;
import io.omicsdropzone.domain.submission.SubmitRepository;
import io.omicsdropzone.domain.tracking.DropResumer;
import io.omicsdropzone.domain.tracking.FoundBatches;
import io.omicsdropzone.domain.tracking.ReconcileBatches;
import io.omicsdropzone.domain.tracking.SweepStuckDrops;
import io.omicsdropzone.domain.tracking.TrackBatch;
import io.omicsdropzone.domain.tracking.TrackingRepository;
import io.omicsdropzone.metrics.EmfWriter;
import io.omicsdropzone.metrics.MetricsSink;
import io.omicsdropzone.spool.Spool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/** Assembles the use cases from configuration and AWS clients, once per process; shared by handlers and CLI. */
public final class Dropzone {

    /**
     * How long one invocation owns a drop. At least the function timeout (15 minutes), so a live invocation is
     * never overtaken; a crashed one's drop is taken over once it ends.
     */
    public static final Duration LEASE = Duration.ofMinutes(15);
    /** Announcing a finished batch takes a few calls; a crashed announcer's lease ends soon after. */
    static final Duration TRACKING_LEASE = Duration.ofMinutes(2);

    private final Config config;
    private final AwsClients clients;
    private final DynamoDbDropRepository drops;
    private final S3RunSettingsStore store;
    private final SnsNotifier notifier;
    private final Snapshots snapshots;
    private final TrackBatch trackBatch;
    private final MetricsSink metrics;
    /** Where samplesheets, re-drive subsets and pre-flight's sorted inputs wait: the function's /tmp. */
    private final Spool spool = new TempFileSpool();
    /** One per process: it caches workflow templates for the life of the process. */
    private final PreflightPlanner preflight;

    public Dropzone(Config config, AwsClients clients) {
        this(config, clients, MetricsSink.NONE, PreflightSettings.DEFAULT);
    }

    public Dropzone(Config config, AwsClients clients, MetricsSink metrics) {
        this(config, clients, metrics, PreflightSettings.DEFAULT);
    }

    public Dropzone(Config config, AwsClients clients, PreflightSettings preflightSettings) {
        this(config, clients, MetricsSink.NONE, preflightSettings);
    }

    /**
     * @param metrics where this process's EMF documents go ({@link #metricsFor} in Lambda)
     */
    public Dropzone(Config config, AwsClients clients, MetricsSink metrics, PreflightSettings preflightSettings) {
        this.metrics = metrics;
        // Inputs are checkable even when CHECK_INPUTS is false: a pipeline may switch its own checks on.
        this.preflight = new PreflightPlanner(clients.workflows(), new S3InputObjects(clients.s3()), spool,
                preflightSettings.checkInputs(), preflightSettings.concurrency(),
                new S3CheckProgressStore(clients.s3(), config.snapshotPrefix()));
        this.config = config;
        this.clients = clients;
        this.drops = new DynamoDbDropRepository(clients.enhanced(), clients.dynamoDb(), config.tableName());
        this.store = new S3RunSettingsStore(clients.s3());
        this.snapshots = new Snapshots(new S3SnapshotStore(clients.s3(), config.snapshotMultipartThreshold()),
                config.snapshotPrefix());
        this.notifier = new SnsNotifier(clients.sns(), config.topicArn());
        this.trackBatch = new TrackBatch(drops, clients.omics(), notifier, config.disclosure(), Clock.systemUTC(),
                TRACKING_LEASE, metrics);
    }

    /** Configuration is checked before any client is built, so a bad deployment fails fast and clearly. */
    public static Dropzone fromEnvironment(Map<String, String> environment, Properties systemProperties) {
        Config config = Config.fromEnvironment(environment);
        PreflightSettings preflight = PreflightSettings.fromEnvironment(environment);
        return new Dropzone(config, AwsClients.fromStandardChain(environment, systemProperties),
                metricsFor(environment), preflight);
    }

    /** For the tracking functions and operator commands, which never start batches. */
    public static Dropzone forTracking(Map<String, String> environment, Properties systemProperties) {
        Config config = Config.forTracking(environment);
        return new Dropzone(config, AwsClients.fromStandardChain(environment, systemProperties),
                metricsFor(environment));
    }

    /**
     * The submit configuration when the environment {@linkplain Config#submits(Map) can submit}, else the tracking
     * one: for the reconciler and the CLI's recovery commands, which resume drops in-process when they can.
     */
    public static Dropzone forEnvironment(Map<String, String> environment, Properties systemProperties) {
        return Config.submits(environment) ? fromEnvironment(environment, systemProperties)
                : forTracking(environment, systemProperties);
    }

    /**
     * In Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} set) EMF lines go to standard output, which Lambda ships to the
     * function's log group and CloudWatch turns into metrics; the dimension is the function's name. Elsewhere (the
     * CLI, whose standard output carries its own results) nothing is written.
     */
    public static MetricsSink metricsFor(Map<String, String> environment) {
        String function = environment.get("AWS_LAMBDA_FUNCTION_NAME");
        if (function == null || function.isBlank()) {
            return MetricsSink.NONE;
        }
        return EmfWriter.forFunction(System.out::println, function, Clock.systemUTC());
    }

    public Config config() {
        return config;
    }

    public AwsClients clients() {
        return clients;
    }

    public DynamoDbDropRepository drops() {
        return drops;
    }

    public S3RunSettingsStore store() {
        return store;
    }

    /** A new use case on the shared clients (cheap: it only holds references). */
    public SubmitDrop submitDrop() {
        return submitDrop(drops);
    }

    private SubmitDrop submitDrop(SubmitRepository repository) {
        if (!config.submits()) {
            throw new IllegalStateException("neither PIPELINES_FILE nor " + Config.DEFAULT_RUN_SETTING
                    + " is configured: this process cannot start batches");
        }
        return new SubmitDrop(new SubmitDrop.Ports(repository, new MeteredRunSettingsStore(store, metrics,
                Clock.systemUTC()), snapshots, clients.omics(), notifier, spool), config.pipelines(),
                config.disclosure(), preflight, Clock.systemUTC(), LEASE, duration -> Thread.sleep(duration.toMillis()));
    }

    public MetricsSink metrics() {
        return metrics;
    }

    /** Outcome metrics of the submit path, for the handler loop. */
    public DropOutcomeMetrics dropMetrics() {
        return new DropOutcomeMetrics(metrics);
    }

    public Snapshots snapshots() {
        return snapshots;
    }

    public Spool spool() {
        return spool;
    }

    /** The one resume path, by requestId: the submit function's resume payload and the CLI's sweep. */
    public ResumeDrop resumeDrop() {
        // A resumed drop settles here, not through an S3 event's result: its outcome is counted when marked notified.
        return new ResumeDrop(drops, submitDrop(NotifiedOutcomes.counting(SubmitRepository.class, drops, dropMetrics())),
                redriveCompletion(), Clock.systemUTC(), LEASE);
    }

    /** Re-drives in-process with the current DEFAULT_RUN_SETTING (the CLI's {@code redrive}). */
    public RedriveDrop redriveDrop() {
        // The re-drive's own drop settles in its SubmitDrop: its outcome is counted when marked notified.
        return new RedriveDrop(drops, clients.omics(), snapshots,
                submitDrop(NotifiedOutcomes.counting(SubmitRepository.class, drops, dropMetrics())), Clock.systemUTC(),
                LEASE, config.pipelines(), trackBatch, new FoundBatches(drops, clients.omics(), notifier,
                config.disclosure(), Clock.systemUTC(), LEASE), runClaims(), redriveCompletion());
    }

    /** Which re-drive owns each run of an original (claim items in the drops table). */
    public RunClaims runClaims() {
        return new DynamoDbRunClaims(clients.dynamoDb(), config.tableName());
    }

    public PreflightPlanner preflight() {
        return preflight;
    }

    public TrackBatch trackBatch() {
        return trackBatch;
    }

    public ReconcileBatches reconcileBatches() {
        return new ReconcileBatches(drops, clients.omics(), trackBatch, Clock.systemUTC(), config.reconcileQuietPeriod());
    }

    /**
     * The sweep resumes stuck drops by invoking {@code SUBMIT_FUNCTION} when it is set (the reconcile function), else
     * in-process through {@link #submitDrop()} (the CLI, configured like {@code handle}).
     */
    public SweepStuckDrops sweepStuckDrops() {
        // The drops it gives up on (or only announces) are settled here, not by a submit delivery: counted here.
        TrackingRepository counted = NotifiedOutcomes.counting(TrackingRepository.class, drops, dropMetrics());
        return new SweepStuckDrops(counted, resumer(), notifier, config.disclosure(), Clock.systemUTC(),
                config.stuckDropAfter(), config.giveUpAfter(), LEASE, clients.omics());
    }

    public ReconcilePass reconcilePass() {
        return new ReconcilePass(reconcileBatches(), sweepStuckDrops(), metrics);
    }

    private RedriveSnapshots redriveCompletion() {
        return new RedriveSnapshots(drops, runClaims(), snapshots, spool, Clock.systemUTC());
    }

    private DropResumer resumer() {
        if (config.submitFunction() != null) {
            return new LambdaDropResumer(clients.lambda(), config.submitFunction(), Clock.systemUTC());
        }
        if (config.submits()) {
            ResumeDrop resume = resumeDrop();
            return drop -> resume.resume(drop.requestId(), Instant.now().plus(LEASE));
        }
        return drop -> {
            throw new IllegalStateException("cannot resume requestId=" + drop.requestId() + ": set "
                    + Config.SUBMIT_FUNCTION + " (the submit function's alias), PIPELINES_FILE or "
                    + Config.DEFAULT_RUN_SETTING);
        };
    }
}
