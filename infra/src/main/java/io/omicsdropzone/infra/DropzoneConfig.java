package io.omicsdropzone.infra;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The deployment's settings, read once from CDK context ({@code cdk deploy -c key=value} or {@code cdk.json}).
 *
 * <p>Every problem is collected and reported in one {@link InvalidContextException}, so a user fixes all of them in
 * one go. Values from {@code -c} arrive as strings, values from {@code cdk.json} may be numbers: both are accepted.
 */
public record DropzoneConfig(
        String workflowId,
        Optional<String> workflowVersionName,
        Optional<String> workflowType,
        Optional<String> runGroupId,
        Optional<String> storageType,
        Optional<Integer> storageCapacity,
        Optional<String> cacheId,
        Optional<String> cacheBehavior,
        Optional<String> logLevel,
        Optional<String> retentionMode,
        Optional<Integer> priority,
        Optional<String> outputUri,
        Optional<String> inputBucketName,
        Optional<String> outputBucketName,
        String uploadPrefix,
        int noncurrentVersionDays,
        Optional<String> notificationEmail,
        boolean fifoTopic,
        List<String> ecrRepositoryArns,
        int reconcileMinutes,
        int reconcileMaxBatches,
        int logRetentionDays,
        Optional<Integer> reservedConcurrency,
        boolean phiSafe,
        Duration stuckDropAfter,
        Duration giveUpAfter,
        Duration reconcileQuietPeriod,
        int rejectionRateAlarmPercent,
        int failureRateAlarmPercent,
        List<String> inputLocations,
        boolean checkInputs,

        String snapshotPrefix,
        int snapshotExpiryDays,
        List<String> snapshotWriterRoleArns,
        Optional<DeployedPipelines> pipelines) {

    public static final String WORKFLOW_ID = "workflowId";
    public static final String WORKFLOW_VERSION_NAME = "workflowVersionName";
    public static final String WORKFLOW_TYPE = "workflowType";
    public static final String RUN_GROUP_ID = "runGroupId";
    public static final String STORAGE_TYPE = "storageType";
    public static final String STORAGE_CAPACITY = "storageCapacity";
    public static final String CACHE_ID = "cacheId";
    public static final String CACHE_BEHAVIOR = "cacheBehavior";
    public static final String LOG_LEVEL = "logLevel";
    public static final String RETENTION_MODE = "retentionMode";
    public static final String PRIORITY = "priority";
    public static final String OUTPUT_URI = "outputUri";
    public static final String INPUT_BUCKET_NAME = "inputBucketName";
    public static final String OUTPUT_BUCKET_NAME = "outputBucketName";
    public static final String UPLOAD_PREFIX = "uploadPrefix";
    public static final String NONCURRENT_VERSION_DAYS = "noncurrentVersionDays";
    public static final String NOTIFICATION_EMAIL = "notificationEmail";
    /** {@code true}: the notification topic is an SNS FIFO topic (per-drop order, SNS drops repeats for 5 minutes). */
    public static final String FIFO_TOPIC = "fifoTopic";
    public static final String ECR_REPOSITORY_ARNS = "ecrRepositoryArns";
    public static final String RECONCILE_MINUTES = "reconcileMinutes";
    public static final String RECONCILE_MAX_BATCHES = "reconcileMaxBatches";
    public static final String LOG_RETENTION_DAYS = "logRetentionDays";
    public static final String RESERVED_CONCURRENCY = "reservedConcurrency";
    public static final String PHI_SAFE = "phiSafe";
    public static final String STUCK_DROP_AFTER = "stuckDropAfter";
    public static final String GIVE_UP_AFTER = "giveUpAfter";
    public static final String RECONCILE_QUIET_PERIOD = "reconcileQuietPeriod";
    public static final String REJECTION_RATE_ALARM_PERCENT = "rejectionRateAlarmPercent";
    public static final String FAILURE_RATE_ALARM_PERCENT = "failureRateAlarmPercent";
    /** Extra S3 locations (comma-separated {@code s3://bucket/prefix/}) the runs read inputs from: the HealthOmics
     *  service role and the submit function's pre-flight both get read access to exactly these. */
    public static final String INPUT_LOCATIONS = "inputLocations";
    /** {@code false} switches pre-flight's input checks off (env {@code CHECK_INPUTS}); default {@code true}. */
    public static final String CHECK_INPUTS = "checkInputs";
    /** A pipelines file (JSON): several workflows routed by key prefix, instead of one workflowId. */
    public static final String PIPELINES_FILE = "pipelinesFile";

    /** Where validated files are copied for HealthOmics to read (the function's SNAPSHOT_PREFIX). */
    public static final String SNAPSHOT_PREFIX = "snapshotPrefix";
    /** Days after which snapshots expire (lifecycle rule on the snapshot prefix). */
    public static final String SNAPSHOT_EXPIRY_DAYS = "snapshotExpiryDays";
    /** IAM roles besides the submit function allowed to write snapshots: the operators who run {@code redrive}. */
    public static final String SNAPSHOT_WRITER_ROLE_ARNS = "snapshotWriterRoleArns";

    public static final String DEFAULT_UPLOAD_PREFIX = "incoming/";
    public static final String DEFAULT_SNAPSHOT_PREFIX = "submitted/";
    /**
     * A batch reads its snapshot until its last run is submitted (a 100,000-run batch at 1 StartRun per second takes
     * about 28 hours) and a re-drive reads it again after the batch ended, which may be weeks later once the runs are
     * looked at; 90 days covers both with a wide margin while keeping the snapshots from piling up.
     */
    public static final int DEFAULT_SNAPSHOT_EXPIRY_DAYS = 90;
    public static final String DEFAULT_OUTPUT_PREFIX = "runs/";
    public static final int DEFAULT_NONCURRENT_VERSION_DAYS = 30;
    public static final int DEFAULT_RECONCILE_MINUTES = 15;
    public static final int DEFAULT_RECONCILE_MAX_BATCHES = 50;
    public static final int DEFAULT_LOG_RETENTION_DAYS = 365;
    public static final Duration DEFAULT_STUCK_DROP_AFTER = Duration.ofMinutes(30);
    public static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofHours(24);
    public static final Duration DEFAULT_RECONCILE_QUIET_PERIOD = Duration.ofMinutes(5);
    /** Rejections are the submitters' to fix and each is notified: alarm only when most files of an hour fail. */
    public static final int DEFAULT_REJECTION_RATE_ALARM_PERCENT = 50;
    /** A valid file HealthOmics refuses is the operator's problem: alarm early. */
    public static final int DEFAULT_FAILURE_RATE_ALARM_PERCENT = 10;
    /** The function's Config rejects longer durations; synth rejects them first. */
    static final Duration MAX_DURATION = Duration.ofDays(30);

    static final String EXAMPLE = "Example: npx cdk synth -c workflowId=1234567";

    /** The retention periods CloudWatch Logs accepts. */
    static final Set<Integer> LOG_RETENTION_VALUES = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final Pattern HEALTHOMICS_ID = Pattern.compile("[0-9]{1,18}");
    private static final Pattern VERSION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern S3_URI = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/.*)?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+");
    private static final Pattern ECR_REPOSITORY_ARN =
            Pattern.compile("arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/[a-z0-9][a-z0-9._/-]*");

    /** Thrown when the context is incomplete or malformed; the message lists every problem. */
    public static final class InvalidContextException extends RuntimeException {
        private final List<String> problems;

        InvalidContextException(List<String> problems) {
            super(render(problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }

        private static String render(List<String> problems) {
            if (problems.size() == 1) {
                return problems.get(0) + ". " + EXAMPLE;
            }
            StringBuilder text = new StringBuilder("Invalid CDK context (" + problems.size() + " problems):");
            problems.forEach(p -> text.append(System.lineSeparator()).append("  - ").append(p));
            return text.append(System.lineSeparator()).append(EXAMPLE).toString();
        }
    }

    /**
     * Reads the settings.
     *
     * @param context looks a context key up ({@code node::tryGetContext}); returns null when absent
     * @throws InvalidContextException listing every missing or malformed value
     */
    public static DropzoneConfig fromContext(Function<String, Object> context) {
        Reader r = new Reader(context);

        String workflowId = r.text(WORKFLOW_ID).orElse(null);
        Optional<String> pipelinesFile = r.text(PIPELINES_FILE);
        if (pipelinesFile.isPresent()) {
            // The workflow settings live in the file, one set per pipeline.
            List.of(WORKFLOW_ID, WORKFLOW_VERSION_NAME, WORKFLOW_TYPE, RUN_GROUP_ID, STORAGE_TYPE, STORAGE_CAPACITY,
                    CACHE_ID, CACHE_BEHAVIOR, LOG_LEVEL, RETENTION_MODE, PRIORITY).stream()
                    .filter(key -> r.text(key).isPresent())
                    .forEach(key -> r.problems.add("Set either '" + PIPELINES_FILE + "' or '" + key + "', not both: with"
                            + " a pipelines file each pipeline's defaultRunSetting holds it"));
        } else if (workflowId == null) {
            r.problems.add("Missing required context '" + WORKFLOW_ID
                    + "' (the id of the HealthOmics private workflow every dropped file runs)");
        } else {
            r.check(HEALTHOMICS_ID.matcher(workflowId).matches(), WORKFLOW_ID, workflowId, "1 to 18 digits");
        }
        Optional<String> versionName = r.matching(WORKFLOW_VERSION_NAME, VERSION_NAME,
                "1 to 64 letters, digits, '.', '_' or '-'");
        Optional<String> workflowType = r.matching(WORKFLOW_TYPE, Pattern.compile("PRIVATE"),
                "PRIVATE (run batches do not support Ready2Run workflows)");
        Optional<String> runGroupId = r.matching(RUN_GROUP_ID, HEALTHOMICS_ID, "1 to 18 digits");
        Optional<String> storageType = r.oneOf(STORAGE_TYPE, "STATIC", "DYNAMIC");
        Optional<Integer> storageCapacity = r.integer(STORAGE_CAPACITY, 1, 100_000);
        Optional<String> cacheId = r.matching(CACHE_ID, HEALTHOMICS_ID, "1 to 18 digits");
        Optional<String> cacheBehavior = r.oneOf(CACHE_BEHAVIOR, "CACHE_ON_FAILURE", "CACHE_ALWAYS");
        Optional<String> logLevel = r.oneOf(LOG_LEVEL, "OFF", "FATAL", "ERROR", "ALL");
        Optional<String> retentionMode = r.oneOf(RETENTION_MODE, "RETAIN", "REMOVE");
        Optional<Integer> priority = r.integer(PRIORITY, 0, 100_000);

        Optional<String> outputUri = r.matching(OUTPUT_URI, S3_URI, "an S3 URI such as s3://my-bucket/runs/")
                .map(uri -> uri.endsWith("/") ? uri : uri + "/");
        Optional<String> inputBucketName = r.matching(INPUT_BUCKET_NAME, BUCKET_NAME, "an S3 bucket name");
        Optional<String> outputBucketName = r.matching(OUTPUT_BUCKET_NAME, BUCKET_NAME, "an S3 bucket name");
        if (outputUri.isPresent() && outputBucketName.isPresent()) {
            r.problems.add("Set either '" + OUTPUT_URI + "' or '" + OUTPUT_BUCKET_NAME + "', not both");
        }

        String uploadPrefix = r.text(UPLOAD_PREFIX).orElse(DEFAULT_UPLOAD_PREFIX);
        r.check(!uploadPrefix.startsWith("/") && uploadPrefix.endsWith("/") && !uploadPrefix.contains("*"),
                UPLOAD_PREFIX, uploadPrefix, "a key prefix ending in '/', without a leading '/' or '*'");
        int noncurrentDays = r.integer(NONCURRENT_VERSION_DAYS, 1, 3650).orElse(DEFAULT_NONCURRENT_VERSION_DAYS);
        String snapshotPrefix = r.text(SNAPSHOT_PREFIX).orElse(DEFAULT_SNAPSHOT_PREFIX);
        r.check(!snapshotPrefix.startsWith("/") && snapshotPrefix.endsWith("/") && !snapshotPrefix.contains("*"),
                SNAPSHOT_PREFIX, snapshotPrefix, "a key prefix ending in '/', without a leading '/' or '*'");
        if (snapshotPrefix.startsWith(uploadPrefix) || uploadPrefix.startsWith(snapshotPrefix)) {
            // Overlapping prefixes would make every snapshot a new drop (the upload notification fires for it) and
            // let uploads land where only the submit function may write.
            r.problems.add("Context '" + SNAPSHOT_PREFIX + "' (" + snapshotPrefix + ") must not overlap '"
                    + UPLOAD_PREFIX + "' (" + uploadPrefix + "): snapshots would trigger drops themselves");
        }
        int snapshotExpiryDays = r.integer(SNAPSHOT_EXPIRY_DAYS, 7, 3650).orElse(DEFAULT_SNAPSHOT_EXPIRY_DAYS);
        List<String> writerArns = new ArrayList<>();
        r.text(SNAPSHOT_WRITER_ROLE_ARNS).ifPresent(list -> Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(arn -> {
                    r.check(ROLE_ARN.matcher(arn).matches(), SNAPSHOT_WRITER_ROLE_ARNS, arn,
                            "comma-separated IAM role ARNs (arn:aws:iam::ACCOUNT:role/NAME)");
                    writerArns.add(arn);
                }));

        Optional<String> email = r.matching(NOTIFICATION_EMAIL, EMAIL, "an e-mail address");
        boolean fifoTopic = r.bool(FIFO_TOPIC).orElse(false);
        if (fifoTopic && email.isPresent()) {
            // An SNS FIFO topic delivers to SQS queues, not to e-mail
            // (https://docs.aws.amazon.com/sns/latest/dg/fifo-message-delivery.html): the stack's only subscription
            // would be refused at deploy time, after the other resources were made.
            r.problems.add("Context '" + FIFO_TOPIC + "' cannot be combined with '" + NOTIFICATION_EMAIL
                    + "': e-mail cannot subscribe to an SNS FIFO topic (it delivers to SQS queues). Leave '"
                    + FIFO_TOPIC + "' off to be notified by e-mail, or subscribe an SQS queue to the FIFO topic after"
                    + " deploying");
        }
        List<String> ecrArns = new ArrayList<>();
        r.text(ECR_REPOSITORY_ARNS).ifPresent(list -> Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(arn -> {
                    r.check(ECR_REPOSITORY_ARN.matcher(arn).matches(), ECR_REPOSITORY_ARNS, arn,
                            "comma-separated ECR repository ARNs (arn:aws:ecr:REGION:ACCOUNT:repository/NAME)");
                    ecrArns.add(arn);
                }));

        int reconcileMinutes = r.integer(RECONCILE_MINUTES, 1, 1440).orElse(DEFAULT_RECONCILE_MINUTES);
        int reconcileMaxBatches = r.integer(RECONCILE_MAX_BATCHES, 1, 1000).orElse(DEFAULT_RECONCILE_MAX_BATCHES);
        int logRetentionDays = r.integer(LOG_RETENTION_DAYS, 1, 3653).orElse(DEFAULT_LOG_RETENTION_DAYS);
        r.check(LOG_RETENTION_VALUES.contains(logRetentionDays), LOG_RETENTION_DAYS, logRetentionDays,
                "one of CloudWatch Logs' periods " + LOG_RETENTION_VALUES.stream().sorted().toList());
        Optional<Integer> reservedConcurrency = r.integer(RESERVED_CONCURRENCY, 1, 1000);

        Optional<DeployedPipelines> pipelines = pipelinesFile.flatMap(file -> DeployedPipelines.load(PIPELINES_FILE,
                file, uploadPrefix, r.problems));

        boolean phiSafe = r.bool(PHI_SAFE).orElse(false);
        Optional<Duration> stuckDropAfter = r.duration(STUCK_DROP_AFTER, DEFAULT_STUCK_DROP_AFTER);
        Optional<Duration> giveUpAfter = r.duration(GIVE_UP_AFTER, DEFAULT_GIVE_UP_AFTER);
        Optional<Duration> quietPeriod = r.duration(RECONCILE_QUIET_PERIOD, DEFAULT_RECONCILE_QUIET_PERIOD);
        if (stuckDropAfter.isPresent() && giveUpAfter.isPresent()
                && giveUpAfter.get().compareTo(stuckDropAfter.get()) <= 0) {
            r.problems.add("Context '" + GIVE_UP_AFTER + "' (" + giveUpAfter.get() + ") must be longer than '"
                    + STUCK_DROP_AFTER + "' (" + stuckDropAfter.get()
                    + "), or a stuck drop is failed before the reconciler ever resumes it");
        }

        int rejectionRate = r.integer(REJECTION_RATE_ALARM_PERCENT, 0, 99)
                .orElse(DEFAULT_REJECTION_RATE_ALARM_PERCENT);
        int failureRate = r.integer(FAILURE_RATE_ALARM_PERCENT, 0, 99).orElse(DEFAULT_FAILURE_RATE_ALARM_PERCENT);
        List<String> inputLocations = new ArrayList<>();
        r.text(INPUT_LOCATIONS).ifPresent(list -> Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(uri -> {
                    boolean ok = S3_URI.matcher(uri).matches() && !uri.contains("*");
                    r.check(ok, INPUT_LOCATIONS, uri,
                            "comma-separated S3 locations such as s3://lab-raw/ or s3://lab-raw/run42/ (no '*')");
                    if (ok) {
                        inputLocations.add(uri.endsWith("/") ? uri : uri + "/");
                    }
                }));
        boolean checkInputs = r.bool(CHECK_INPUTS).orElse(true);

        if (!r.problems.isEmpty()) {
            throw new InvalidContextException(r.problems);
        }
        return new DropzoneConfig(workflowId, versionName, workflowType, runGroupId, storageType, storageCapacity,
                cacheId, cacheBehavior, logLevel, retentionMode, priority, outputUri, inputBucketName,
                outputBucketName, uploadPrefix, noncurrentDays, email, fifoTopic, List.copyOf(ecrArns), reconcileMinutes,
                reconcileMaxBatches, logRetentionDays, reservedConcurrency, phiSafe, stuckDropAfter.orElseThrow(),
                giveUpAfter.orElseThrow(), quietPeriod.orElseThrow(), rejectionRate, failureRate,
                List.copyOf(inputLocations), checkInputs, snapshotPrefix, snapshotExpiryDays, List.copyOf(writerArns),
                pipelines);
    }

    /**
     * The StartRunBatch {@code defaultRunSetting} every drop is submitted with, in the API's field names.
     * Absent settings are omitted; numbers stay numbers.
     *
     * @param roleArn   the HealthOmics service role (usually a token)
     * @param outputUri where runs write (usually a token)
     */
    public Map<String, Object> defaultRunSetting(String roleArn, String outputUri) {
        Map<String, Object> setting = new LinkedHashMap<>();
        setting.put("workflowId", workflowId);
        workflowType.ifPresent(v -> setting.put("workflowType", v));
        workflowVersionName.ifPresent(v -> setting.put("workflowVersionName", v));
        setting.put("roleArn", roleArn);
        setting.put("outputUri", outputUri);
        runGroupId.ifPresent(v -> setting.put("runGroupId", v));
        storageType.ifPresent(v -> setting.put("storageType", v));
        storageCapacity.ifPresent(v -> setting.put("storageCapacity", v));
        cacheId.ifPresent(v -> setting.put("cacheId", v));
        cacheBehavior.ifPresent(v -> setting.put("cacheBehavior", v));
        logLevel.ifPresent(v -> setting.put("logLevel", v));
        retentionMode.ifPresent(v -> setting.put("retentionMode", v));
        priority.ifPresent(v -> setting.put("priority", v));
        return setting;
    }

    /** The bucket named by {@code outputUri}, when one was given. */
    public Optional<String> outputUriBucket() {
        return outputUri.map(uri -> {
            var m = S3_URI.matcher(uri);
            if (!m.matches()) {
                throw new IllegalStateException("outputUri was validated: " + uri);
            }
            return m.group(1);
        });
    }

    /** The key prefix of {@code outputUri} (ends in '/', may be empty), or the default {@code runs/}. */
    public String outputPrefix() {
        return outputUri.map(uri -> {
            String afterBucket = uri.substring("s3://".length() + outputUriBucket().orElseThrow().length());
            return afterBucket.equals("/") ? "" : afterBucket.substring(1);
        }).orElse(DEFAULT_OUTPUT_PREFIX);
    }

    /** Collects problems while reading the context. */
    private static final class Reader {
        private final Function<String, Object> context;
        private final List<String> problems = new ArrayList<>();

        Reader(Function<String, Object> context) {
            this.context = context;
        }

        Optional<String> text(String key) {
            Object value = context.apply(key);
            if (value == null) {
                return Optional.empty();
            }
            String text = value.toString().trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        }

        Optional<String> matching(String key, Pattern pattern, String expected) {
            Optional<String> value = text(key);
            value.ifPresent(v -> check(pattern.matcher(v).matches(), key, v, expected));
            return value;
        }

        Optional<String> oneOf(String key, String... allowed) {
            Optional<String> value = text(key);
            value.ifPresent(v -> check(Arrays.asList(allowed).contains(v), key, v,
                    "one of " + String.join(", ", allowed)));
            return value;
        }

        Optional<Integer> integer(String key, int min, int max) {
            Optional<String> value = text(key);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            try {
                String raw = value.get();
                // cdk.json numbers arrive as Integer/Double; "-c key=30" arrives as "30".
                int parsed = raw.endsWith(".0") ? Integer.parseInt(raw.substring(0, raw.length() - 2))
                        : Integer.parseInt(raw);
                if (parsed < min || parsed > max) {
                    problems.add(describe(key, raw, "a whole number from " + min + " to " + max));
                    return Optional.empty();
                }
                return Optional.of(parsed);
            } catch (NumberFormatException e) {
                problems.add(describe(key, value.get(), "a whole number from " + min + " to " + max));
                return Optional.empty();
            }
        }

        /** {@code true}/{@code false}: a JSON boolean from cdk.json or the string from {@code -c}. */
        Optional<Boolean> bool(String key) {
            Optional<String> value = text(key);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            String raw = value.get();
            if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
                return Optional.of(Boolean.parseBoolean(raw));
            }
            problems.add(describe(key, raw, "true or false"));
            return Optional.empty();
        }

        /**
         * An ISO-8601 duration ({@code PT30M}, {@code PT24H}, {@code P1D}), positive and at most {@code P30D}; the
         * fallback when absent, empty when malformed (the problem is recorded).
         */
        Optional<Duration> duration(String key, Duration fallback) {
            Optional<String> value = text(key);
            if (value.isEmpty()) {
                return Optional.of(fallback);
            }
            String expected = "a positive ISO-8601 duration of at most P30D, such as PT30M or PT24H";
            try {
                Duration parsed = Duration.parse(value.get());
                if (parsed.isNegative() || parsed.isZero() || parsed.compareTo(MAX_DURATION) > 0) {
                    problems.add(describe(key, value.get(), expected));
                    return Optional.empty();
                }
                return Optional.of(parsed);
            } catch (DateTimeParseException e) {
                problems.add(describe(key, value.get(), expected));
                return Optional.empty();
            }
        }

        void check(boolean ok, String key, Object value, String expected) {
            if (!ok) {
                problems.add(describe(key, value, expected));
            }
        }

        private static String describe(String key, Object value, String expected) {
            return "Context '" + key + "' is '" + value + "'; expected " + expected;
        }
    }
}
