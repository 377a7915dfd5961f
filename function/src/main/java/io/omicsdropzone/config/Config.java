package io.omicsdropzone.config;

import io.omicsdropzone.domain.DefaultRunSetting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The function's own settings, read once at start-up from environment variables. Region, credentials and
 * endpoints are not here: they come from the SDK's standard chains.
 */
public record Config(String tableName, String topicArn, DefaultRunSetting defaultRunSetting, int reconcileMaxBatches) {

    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String TOPIC_ARN = "TOPIC_ARN";
    public static final String DEFAULT_RUN_SETTING = "DEFAULT_RUN_SETTING";
    public static final String RECONCILE_MAX_BATCHES = "RECONCILE_MAX_BATCHES";
    static final int DEFAULT_RECONCILE_MAX_BATCHES = 50;

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

    /** Whether this configuration can start batches. */
    public boolean submits() {
        return defaultRunSetting != null;
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
        if (submits) {
            String settingJson = required(environment, DEFAULT_RUN_SETTING, problems);
            setting = settingJson == null ? null : DefaultRunSettingParser.parse(DEFAULT_RUN_SETTING, settingJson, problems);
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
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Config(table, topic, setting, maxBatches);
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
