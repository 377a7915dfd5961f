package io.omicsdropzone.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {

    static final String SETTING = """
            {"workflowId":"1234567","roleArn":"arn:aws:iam::123456789012:role/omics-runs","storageType":"DYNAMIC",
             "priority":10,"parameters":{"genome":"GRCh38"},"runTags":{"project":"p1"}}""";

    @Test
    void a_complete_environment_is_accepted() {
        Config config = Config.fromEnvironment(Map.of("TABLE_NAME", "drops", "TOPIC_ARN",
                "arn:aws:sns:us-east-1:123456789012:dropzone", "DEFAULT_RUN_SETTING", SETTING));

        assertThat(config.tableName()).isEqualTo("drops");
        assertThat(config.defaultRunSetting().workflowId()).isEqualTo("1234567");
        assertThat(config.defaultRunSetting().json()).isEqualTo("{\"workflowId\":\"1234567\",\"roleArn\":"
                + "\"arn:aws:iam::123456789012:role/omics-runs\",\"storageType\":\"DYNAMIC\",\"priority\":10,"
                + "\"parameters\":{\"genome\":\"GRCh38\"},\"runTags\":{\"project\":\"p1\"}}");
    }

    @Test
    void snapshots_default_to_submitted_and_a_five_gib_single_copy_and_bad_values_are_named() {
        Map<String, String> base = Map.of("TABLE_NAME", "drops", "TOPIC_ARN",
                "arn:aws:sns:us-east-1:123456789012:dropzone", "DEFAULT_RUN_SETTING", SETTING);
        Config defaults = Config.fromEnvironment(base);
        assertThat(defaults.snapshotPrefix()).isEqualTo("submitted/");
        assertThat(defaults.snapshotMultipartThreshold()).isEqualTo(5L * 1024 * 1024 * 1024);

        Map<String, String> custom = new java.util.HashMap<>(base);
        custom.put("SNAPSHOT_PREFIX", "frozen/");
        custom.put("SNAPSHOT_MULTIPART_THRESHOLD", Long.toString(8L << 20));
        assertThat(Config.fromEnvironment(custom).snapshotPrefix()).isEqualTo("frozen/");
        assertThat(Config.fromEnvironment(custom).snapshotMultipartThreshold()).isEqualTo(8L << 20);

        custom.put("SNAPSHOT_PREFIX", "no-slash");
        custom.put("SNAPSHOT_MULTIPART_THRESHOLD", "1024");
        assertThatThrownBy(() -> Config.fromEnvironment(custom)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("SNAPSHOT_PREFIX must be a key prefix ending in '/'")
                .hasMessageContaining("SNAPSHOT_MULTIPART_THRESHOLD must be a number of bytes from 5242880");
    }

    @Test
    void every_missing_variable_is_named_in_one_message() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TABLE_NAME is not set")
                .hasMessageContaining("TOPIC_ARN is not set")
                .hasMessageContaining("DEFAULT_RUN_SETTING is not set");
    }

    @Test
    void malformed_values_are_named() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("TABLE_NAME", "x", "TOPIC_ARN", "topic",
                "DEFAULT_RUN_SETTING", "{\"workflowId\":\"abc\"")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(3))
                .hasMessageContaining("TABLE_NAME is not a DynamoDB table name")
                .hasMessageContaining("TOPIC_ARN is not an SNS topic ARN")
                .hasMessageContaining("DEFAULT_RUN_SETTING is not a JSON object");
    }

    @Test
    void default_run_setting_is_checked_against_the_api_shape() {
        String bad = """
                {"workflowId":"12ab","workflowType":"READY2RUN","priority":100001,"storageCapacity":"1200",
                 "logLevel":"DEBUG","outputUri":"/tmp/out","runTags":{"k":7},"colour":"blue"}""";

        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("TABLE_NAME", "drops", "TOPIC_ARN",
                "arn:aws:sns:us-east-1:123456789012:t", "DEFAULT_RUN_SETTING", bad)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "DEFAULT_RUN_SETTING: unknown field 'colour'",
                        "DEFAULT_RUN_SETTING: workflowId must be digits",
                        "DEFAULT_RUN_SETTING: roleArn is required",
                        "DEFAULT_RUN_SETTING: workflowType must be PRIVATE (Ready2Run workflows are not supported in batches)",
                        "DEFAULT_RUN_SETTING: priority must be an integer from 0 to 100000",
                        "DEFAULT_RUN_SETTING: storageCapacity must be an integer from 0 to 100000",
                        "DEFAULT_RUN_SETTING: outputUri must be an s3:// URI",
                        "DEFAULT_RUN_SETTING: logLevel must be OFF, FATAL, ERROR or ALL",
                        "DEFAULT_RUN_SETTING: runTags.k must be a string of at most 256 characters"));
    }

    static final Map<String, String> TRACKING = Map.of("TABLE_NAME", "drops", "TOPIC_ARN",
            "arn:aws:sns:us-east-1:123456789012:dropzone");

    static Map<String, String> tracking(String... more) {
        Map<String, String> environment = new java.util.HashMap<>(TRACKING);
        for (int i = 0; i < more.length; i += 2) {
            environment.put(more[i], more[i + 1]);
        }
        return environment;
    }

    @Test
    void reliability_settings_have_documented_defaults() {
        Config config = Config.forTracking(TRACKING);

        assertThat(config.disclosure()).isEqualTo(io.omicsdropzone.disclosure.Disclosure.FULL);
        assertThat(config.stuckDropAfter()).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(config.giveUpAfter()).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(config.reconcileQuietPeriod()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(config.submitFunction()).isNull();
    }

    @Test
    void reliability_settings_are_read_as_iso_8601_durations() {
        Config config = Config.forTracking(tracking("PHI_SAFE", "true", "STUCK_DROP_AFTER", "PT10M",
                "GIVE_UP_AFTER", "PT2H", "RECONCILE_QUIET_PERIOD", "PT1M",
                "SUBMIT_FUNCTION", "arn:aws:lambda:us-east-1:123456789012:function:submit:live"));

        assertThat(config.disclosure().phiSafe()).isTrue();
        assertThat(config.stuckDropAfter()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(config.giveUpAfter()).isEqualTo(java.time.Duration.ofHours(2));
        assertThat(config.reconcileQuietPeriod()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(config.submitFunction()).endsWith(":live");
    }

    @Test
    void bad_reliability_settings_are_all_named_at_once() {
        assertThatThrownBy(() -> Config.forTracking(tracking("PHI_SAFE", "yes", "STUCK_DROP_AFTER", "30 minutes",
                "GIVE_UP_AFTER", "-PT1H", "RECONCILE_QUIET_PERIOD", "P90D")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PHI_SAFE must be true or false")
                .hasMessageContaining("STUCK_DROP_AFTER is not an ISO-8601 duration")
                .hasMessageContaining("GIVE_UP_AFTER must be a positive ISO-8601 duration")
                .hasMessageContaining("RECONCILE_QUIET_PERIOD must be a zero (PT0S, no wait) or positive ISO-8601"
                        + " duration of at most 30 days");
    }

    @Test
    void zero_means_no_wait_for_the_quiet_period_and_stuck_drops_but_never_for_giving_up() {
        Config now = Config.forTracking(tracking("STUCK_DROP_AFTER", "PT0S", "RECONCILE_QUIET_PERIOD", "PT0S"));

        assertThat(now.stuckDropAfter()).isZero();
        assertThat(now.reconcileQuietPeriod()).isZero();
        assertThat(now.giveUpAfter()).isEqualTo(java.time.Duration.ofHours(24));
        assertThatThrownBy(() -> Config.forTracking(tracking("STUCK_DROP_AFTER", "PT0S", "GIVE_UP_AFTER", "PT0S")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "GIVE_UP_AFTER must be a positive ISO-8601 duration of at most 30 days (P30D), not PT0S"));
        assertThatThrownBy(() -> Config.forTracking(tracking("STUCK_DROP_AFTER", "-PT1S")))
                .hasMessageContaining("STUCK_DROP_AFTER must be a zero (PT0S, no wait) or positive");
    }

    @Test
    void a_pipelines_file_alone_makes_a_configuration_that_submits_as_does_default_run_setting() {
        assertThat(Config.submits(Map.of("PIPELINES_FILE", "/opt/pipelines.json"))).isTrue();
        assertThat(Config.submits(Map.of("DEFAULT_RUN_SETTING", "{}"))).isTrue();
        assertThat(Config.submits(Map.of("PIPELINES_FILE", " ", "TABLE_NAME", "drops"))).isFalse();
        assertThat(Config.forTracking(TRACKING).submits()).isFalse();
    }

    @Test
    void giving_up_before_a_drop_could_be_resumed_is_refused() {
        assertThatThrownBy(() -> Config.forTracking(tracking("STUCK_DROP_AFTER", "PT2H", "GIVE_UP_AFTER", "PT1H")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GIVE_UP_AFTER (PT1H) must be longer than STUCK_DROP_AFTER (PT2H)");
    }
}
