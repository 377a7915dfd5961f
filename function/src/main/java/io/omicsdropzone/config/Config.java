package io.omicsdropzone.config;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.domain.pipeline.Pipelines;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The function's own settings, read once at start-up from environment variables. Region, credentials and
 * endpoints are not here: they come from the SDK's standard chains.
 *
 * @param submitFunction the submit function (alias ARN or name) the reconciler invokes to resume stuck drops; null
 *                       resumes them in-process (the CLI), which needs a configuration that {@link #submits()}
 * @param snapshotPrefix where validated files are copied before StartRunBatch; never a drop itself
 * @param snapshotMultipartThreshold files larger than this are copied with multipart UploadPartCopy
 * @param defaultRunSetting {@code DEFAULT_RUN_SETTING} when set; null with a pipelines file
 * @param pipelines      what submits: the file of {@code PIPELINES_FILE}, else {@code DEFAULT_RUN_SETTING} as a
 *                       one-pipeline configuration; null for the tracking functions
 */
public record Config(String tableName, String topicArn, DefaultRunSetting defaultRunSetting, int reconcileMaxBatches,
                     Disclosure disclosure, Duration stuckDropAfter, Duration giveUpAfter,
                     Duration reconcileQuietPeriod, String submitFunction, String snapshotPrefix,
                     long snapshotMultipartThreshold, Pipelines pipelines) {

    /** As before pipelines: the one {@code defaultRunSetting} (or none) is the whole configuration. */
    public Config(String tableName, String topicArn, DefaultRunSetting defaultRunSetting, int reconcileMaxBatches,
                  Disclosure disclosure, Duration stuckDropAfter, Duration giveUpAfter, Duration reconcileQuietPeriod,
                  String submitFunction, String snapshotPrefix, long snapshotMultipartThreshold) {
        this(tableName, topicArn, defaultRunSetting, reconcileMaxBatches, disclosure, stuckDropAfter, giveUpAfter,
                reconcileQuietPeriod, submitFunction, snapshotPrefix, snapshotMultipartThreshold,
                defaultRunSetting == null ? null : Pipelines.single(defaultRunSetting));
    }

    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String TOPIC_ARN = "TOPIC_ARN";
    public static final String DEFAULT_RUN_SETTING = "DEFAULT_RUN_SETTING";
    public static final String RECONCILE_MAX_BATCHES = "RECONCILE_MAX_BATCHES";
    /** {@code true} keeps keys and quoted file values out of notifications, batch names and tags. */
    public static final String PHI_SAFE = "PHI_SAFE";
    /** A non-terminal drop whose lease ended and that was not updated for this long is resumed by the reconciler. */
    public static final String STUCK_DROP_AFTER = "STUCK_DROP_AFTER";
    /** A drop still non-terminal this long after it was received is failed for good by the reconciler. */
    public static final String GIVE_UP_AFTER = "GIVE_UP_AFTER";
    /** The reconciler leaves batches alone whose events (or polls) arrived this recently. */
    public static final String RECONCILE_QUIET_PERIOD = "RECONCILE_QUIET_PERIOD";
    /** The submit function's alias ARN (or name), invoked by the reconciler to resume stuck drops. */
    public static final String SUBMIT_FUNCTION = "SUBMIT_FUNCTION";
    /** Key prefix of the snapshots StartRunBatch reads, in the dropped file's bucket (default {@code submitted/}). */
    public static final String SNAPSHOT_PREFIX = "SNAPSHOT_PREFIX";
    /** Bytes above which a snapshot is copied in parts (default 5 GiB, CopyObject's limit; small in tests). */
    public static final String SNAPSHOT_MULTIPART_THRESHOLD = "SNAPSHOT_MULTIPART_THRESHOLD";
    /** CopyObject copies at most 5 GB in one call (Amazon S3 API Reference, CopyObject). */
    public static final long DEFAULT_SNAPSHOT_MULTIPART_THRESHOLD = 5L * 1024 * 1024 * 1024;
    /** S3's smallest part (5 MiB); below it UploadPartCopy cannot split a file. */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** Items one reconcile pass examines by default (batches and stuck drops alike). */
    public static final int DEFAULT_RECONCILE_MAX_BATCHES = 50;
    static final Duration DEFAULT_STUCK_DROP_AFTER = Duration.ofMinutes(30);
    static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofHours(24);
    static final Duration DEFAULT_RECONCILE_QUIET_PERIOD = Duration.ofMinutes(5);

    private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern TOPIC = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");

    /** The submitting function's settings. @throws ConfigException naming every missing or malformed variable */
    public static Config fromEnvironment(Map<String, String> environment) {
        return read(environment, true);
    }

    /** The tracking functions' settings: no DEFAULT_RUN_SETTING, they never start batches. */
    public static Config forTracking(Map<String, String> environment) {
        return read(environment, false);
    }

    /** Whether this configuration can start batches (it was read from an environment that {@link #submits(Map)}). */
    public boolean submits() {
        return pipelines != null;
    }

    /**
     * The one decision "this environment can submit": {@code PIPELINES_FILE} or {@code DEFAULT_RUN_SETTING} is set.
     * The functions, the CLI's {@code reconcile} and {@code redrive-failures} and the reconciler's in-process resume
     * all take it from here, so a deployment configured only with a pipelines file resumes drops like any other.
     * {@link #fromEnvironment} then checks what is set; a malformed value is a configuration error, not "cannot submit".
     */
    public static boolean submits(Map<String, String> environment) {
        return isSet(environment.get(PipelinesFile.PIPELINES_FILE)) || isSet(environment.get(DEFAULT_RUN_SETTING));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static Config read(Map<String, String> environment, boolean submits) {
        List<String> problems = new ArrayList<>();
        String table = required(environment, TABLE_NAME, problems);
        if (table != null && !TABLE.matcher(table).matches()) {
            problems.add(TABLE_NAME + " is not a DynamoDB table name (3–255 of A-Z a-z 0-9 _ . -)");
        }
        String topic = required(environment, TOPIC_ARN, problems);
        if (topic != null && !TOPIC.matcher(topic).matches()) {
            problems.add(TOPIC_ARN + " is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)");
        }
        DefaultRunSetting setting = null;
        Pipelines pipelines = null;
        if (submits && isSet(environment.get(PipelinesFile.PIPELINES_FILE))) {
            try {
                pipelines = PipelinesFile.fromEnvironment(environment);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        } else if (submits) {
            String settingJson = required(environment, DEFAULT_RUN_SETTING, problems);
            setting = settingJson == null ? null : DefaultRunSettingParser.parse(DEFAULT_RUN_SETTING, settingJson, problems);
            pipelines = setting == null ? null : Pipelines.single(setting);
        }
        int maxBatches = DEFAULT_RECONCILE_MAX_BATCHES;
        String max = environment.get(RECONCILE_MAX_BATCHES);
        if (max != null && !max.isBlank()) {
            try {
                maxBatches = Integer.parseInt(max.trim());
            } catch (NumberFormatException e) {
                maxBatches = 0;
            }
            if (maxBatches < 1 || maxBatches > 1000) {
                problems.add(RECONCILE_MAX_BATCHES + " must be an integer from 1 to 1000");
            }
        }
        Disclosure disclosure = disclosure(environment.get(PHI_SAFE), problems);
        // Zero means "no wait" (an operator's reconcile right after an incident); giving up at once never makes sense.
        Duration stuckAfter = duration(environment, STUCK_DROP_AFTER, DEFAULT_STUCK_DROP_AFTER, true, problems);
        Duration giveUpAfter = duration(environment, GIVE_UP_AFTER, DEFAULT_GIVE_UP_AFTER, false, problems);
        Duration quiet = duration(environment, RECONCILE_QUIET_PERIOD, DEFAULT_RECONCILE_QUIET_PERIOD, true, problems);
        if (stuckAfter != null && giveUpAfter != null && giveUpAfter.compareTo(stuckAfter) <= 0) {
            problems.add(GIVE_UP_AFTER + " (" + giveUpAfter + ") must be longer than " + STUCK_DROP_AFTER
                    + " (" + stuckAfter + "), or a stuck drop is failed before it is ever resumed");
        }
        String submitFunction = environment.get(SUBMIT_FUNCTION);
        submitFunction = submitFunction == null || submitFunction.isBlank() ? null : submitFunction.trim();
        String snapshotPrefix = environment.getOrDefault(SNAPSHOT_PREFIX, "").trim();
        snapshotPrefix = snapshotPrefix.isEmpty() ? io.omicsdropzone.domain.snapshot.Snapshots.DEFAULT_PREFIX : snapshotPrefix;
        if (!snapshotPrefix.endsWith("/") || snapshotPrefix.startsWith("/") || snapshotPrefix.contains("*")) {
            problems.add(SNAPSHOT_PREFIX + " must be a key prefix ending in '/', without a leading '/' or '*', not '"
                    + snapshotPrefix + "'");
        }
        long threshold = DEFAULT_SNAPSHOT_MULTIPART_THRESHOLD;
        String thresholdText = environment.get(SNAPSHOT_MULTIPART_THRESHOLD);
        if (thresholdText != null && !thresholdText.isBlank()) {
            try {
                threshold = Long.parseLong(thresholdText.trim());
            } catch (NumberFormatException e) {
                threshold = 0;
            }
            if (threshold < MIN_PART_SIZE || threshold > DEFAULT_SNAPSHOT_MULTIPART_THRESHOLD) {
                problems.add(SNAPSHOT_MULTIPART_THRESHOLD + " must be a number of bytes from " + MIN_PART_SIZE
                        + " (5 MiB, S3's smallest part) to " + DEFAULT_SNAPSHOT_MULTIPART_THRESHOLD + " (5 GiB)");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Config(table, topic, setting, maxBatches, disclosure, stuckAfter, giveUpAfter, quiet,
                submitFunction, snapshotPrefix, threshold, pipelines);
    }

    private static Disclosure disclosure(String value, List<String> problems) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("false")) {
            return Disclosure.FULL;
        }
        if (value.trim().equalsIgnoreCase("true")) {
            return Disclosure.PHI_SAFE;
        }
        problems.add(PHI_SAFE + " must be true or false, not '" + value.trim() + "'");
        return Disclosure.FULL;
    }

    /** An ISO-8601 duration such as {@code PT30M}; positive (or zero when {@code zeroAllowed}), at most 30 days. */
    private static Duration duration(Map<String, String> environment, String name, Duration fallback,
                                     boolean zeroAllowed, List<String> problems) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            Duration parsed = Duration.parse(value.trim());
            if (parsed.isNegative() || (parsed.isZero() && !zeroAllowed) || parsed.compareTo(Duration.ofDays(30)) > 0) {
                problems.add(name + " must be a " + (zeroAllowed ? "zero (PT0S, no wait) or positive" : "positive")
                        + " ISO-8601 duration of at most 30 days (P30D), not " + value.trim());
                return null;
            }
            return parsed;
        } catch (DateTimeParseException e) {
            problems.add(name + " is not an ISO-8601 duration such as PT30M or PT24H: '" + value.trim() + "'");
            return null;
        }
    }

    private static String required(Map<String, String> environment, String name, List<String> problems) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            problems.add(name + " is not set");
            return null;
        }
        return value.trim();
    }
}
