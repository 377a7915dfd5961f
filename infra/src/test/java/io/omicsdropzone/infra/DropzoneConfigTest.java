package io.omicsdropzone.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading the CDK context: defaults, validation that reports every problem at once, the run setting map. */
class DropzoneConfigTest {

    @Test
    void onlyTheWorkflowIdIsRequiredAndEverythingElseHasADefault() {
        DropzoneConfig config = DropzoneConfig.fromContext(Map.of("workflowId", "1234567")::get);

        assertThat(config.workflowId()).isEqualTo("1234567");
        assertThat(config.uploadPrefix()).isEqualTo("incoming/");
        assertThat(config.outputPrefix()).isEqualTo("runs/");
        assertThat(config.noncurrentVersionDays()).isEqualTo(30);
        assertThat(config.reconcileMinutes()).isEqualTo(15);
        assertThat(config.reconcileMaxBatches()).isEqualTo(50);
        assertThat(config.logRetentionDays()).isEqualTo(365);
        assertThat(config.inputBucketName()).isEmpty();
        assertThat(config.outputBucketName()).isEmpty();
        assertThat(config.outputUriBucket()).isEmpty();
        assertThat(config.notificationEmail()).isEmpty();
        assertThat(config.ecrRepositoryArns()).isEmpty();
        assertThat(config.reservedConcurrency()).isEmpty();
        assertThat(config.phiSafe()).isFalse();
        assertThat(config.stuckDropAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.giveUpAfter()).isEqualTo(Duration.ofHours(24));
        assertThat(config.reconcileQuietPeriod()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void inputLocationsAreS3PrefixesAndInputCheckingIsOnByDefault() {
        DropzoneConfig defaults = DropzoneConfig.fromContext(Map.of("workflowId", "1")::get);
        DropzoneConfig set = DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1",
                "inputLocations", "s3://lab-raw/run42, s3://lab-ref/", "checkInputs", false)::get);

        assertThat(defaults.inputLocations()).isEmpty();
        assertThat(defaults.checkInputs()).isTrue();
        assertThat(set.inputLocations()).containsExactly("s3://lab-raw/run42/", "s3://lab-ref/");
        assertThat(set.checkInputs()).isFalse();
        assertThatThrownBy(() -> DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1",
                "inputLocations", "lab-raw/run42, s3://lab-ref/*", "checkInputs", "maybe")::get))
                .hasMessageContaining("'inputLocations' is 'lab-raw/run42'")
                .hasMessageContaining("'inputLocations' is 's3://lab-ref/*'")
                .hasMessageContaining("'checkInputs' is 'maybe'");
    }

    @Test
    void phiSafeIsABooleanFromCdkJsonOrAStringFromTheCommandLine() {
        assertThat(DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1", "phiSafe", true)::get)
                .phiSafe()).isTrue();
        assertThat(DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1", "phiSafe", "TRUE")::get)
                .phiSafe()).isTrue();
        assertThat(DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1", "phiSafe", "false")::get)
                .phiSafe()).isFalse();
        assertThatThrownBy(() -> DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1",
                "phiSafe", "yes")::get))
                .isInstanceOf(DropzoneConfig.InvalidContextException.class)
                .hasMessageStartingWith("Context 'phiSafe' is 'yes'; expected true or false.");
    }

    @Test
    void periodsAreIsoDurationsFromTheContext() {
        DropzoneConfig config = DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1",
                "stuckDropAfter", "PT1H", "giveUpAfter", "P3D", "reconcileQuietPeriod", "PT90S")::get);

        assertThat(config.stuckDropAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(config.giveUpAfter()).isEqualTo(Duration.ofDays(3));
        assertThat(config.reconcileQuietPeriod()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void malformedZeroNegativeOrTooLongPeriodsAreRejectedAtSynthTogether() {
        Map<String, Object> context = Map.of("workflowId", "1",
                "stuckDropAfter", "30 minutes", "giveUpAfter", "PT0S", "reconcileQuietPeriod", "-PT5M");

        assertThatThrownBy(() -> DropzoneConfig.fromContext(context::get))
                .isInstanceOfSatisfying(DropzoneConfig.InvalidContextException.class, e -> assertThat(e.problems())
                        .containsExactlyInAnyOrder(
                                "Context 'stuckDropAfter' is '30 minutes'; expected a positive ISO-8601 duration of "
                                        + "at most P30D, such as PT30M or PT24H",
                                "Context 'giveUpAfter' is 'PT0S'; expected a positive ISO-8601 duration of at most "
                                        + "P30D, such as PT30M or PT24H",
                                "Context 'reconcileQuietPeriod' is '-PT5M'; expected a positive ISO-8601 duration "
                                        + "of at most P30D, such as PT30M or PT24H"));
        assertThatThrownBy(() -> DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1",
                "giveUpAfter", "P31D")::get))
                .hasMessageContaining("'giveUpAfter' is 'P31D'");
        // Months and years are not durations java.time (and so the function) can parse.
        assertThatThrownBy(() -> DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1",
                "giveUpAfter", "P1M")::get))
                .hasMessageContaining("'giveUpAfter' is 'P1M'");
    }

    @Test
    void rateAlarmThresholdsArePercentagesWithDefaults() {
        DropzoneConfig defaults = DropzoneConfig.fromContext(Map.of("workflowId", "1")::get);
        assertThat(defaults.rejectionRateAlarmPercent()).isEqualTo(50);
        assertThat(defaults.failureRateAlarmPercent()).isEqualTo(10);

        DropzoneConfig set = DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1",
                "rejectionRateAlarmPercent", 0, "failureRateAlarmPercent", "25")::get);
        assertThat(set.rejectionRateAlarmPercent()).isZero();
        assertThat(set.failureRateAlarmPercent()).isEqualTo(25);

        assertThatThrownBy(() -> DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1",
                "rejectionRateAlarmPercent", "100", "failureRateAlarmPercent", "ten")::get))
                .isInstanceOfSatisfying(DropzoneConfig.InvalidContextException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                "Context 'rejectionRateAlarmPercent' is '100'; expected a whole number from 0 to 99",
                                "Context 'failureRateAlarmPercent' is 'ten'; expected a whole number from 0 to 99"));
    }

    @Test
    void givingUpMustTakeLongerThanDeclaringADropStuck() {
        for (String giveUp : List.of("PT30M", "PT20M")) {
            assertThatThrownBy(() -> DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1",
                    "stuckDropAfter", "PT30M", "giveUpAfter", giveUp)::get))
                    .isInstanceOfSatisfying(DropzoneConfig.InvalidContextException.class, e -> assertThat(e.problems())
                            .singleElement().asString()
                            .startsWith("Context 'giveUpAfter' (" + Duration.parse(giveUp)
                                    + ") must be longer than 'stuckDropAfter' (PT30M)"));
        }
        // The comparison is against the default when only one of them is set.
        assertThatThrownBy(() -> DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1",
                "giveUpAfter", "PT15M")::get))
                .hasMessageContaining("must be longer than 'stuckDropAfter' (PT30M)");
        assertThat(DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1",
                "stuckDropAfter", "PT30M", "giveUpAfter", "PT31M")::get).giveUpAfter())
                .isEqualTo(Duration.ofMinutes(31));
    }

    @Test
    void aMissingWorkflowIdIsOneMessageNamingTheKeyWithAnExampleCommand() {
        assertThatThrownBy(() -> DropzoneConfig.fromContext(key -> null))
                .isInstanceOf(DropzoneConfig.InvalidContextException.class)
                .hasMessage("Missing required context 'workflowId' (the id of the HealthOmics private workflow every "
                        + "dropped file runs). Example: npx cdk synth -c workflowId=1234567")
                .satisfies(e -> assertThat(((DropzoneConfig.InvalidContextException) e).problems()).hasSize(1));
    }

    @Test
    void everyProblemIsReportedTogether() {
        Map<String, Object> context = new HashMap<>();
        context.put("workflowId", "wf-1");
        context.put("workflowType", "READY2RUN");
        context.put("storageType", "FAST");
        context.put("priority", "-1");
        context.put("storageCapacity", "lots");
        context.put("uploadPrefix", "/incoming");
        context.put("logRetentionDays", "42");
        context.put("ecrRepositoryArns", "arn:aws:ecr:us-east-1:111122223333:repository/ok,not-an-arn");
        context.put("outputUri", "s3://results/runs/");
        context.put("outputBucketName", "results");
        context.put("notificationEmail", "nobody");

        assertThatThrownBy(() -> DropzoneConfig.fromContext(context::get))
                .isInstanceOfSatisfying(DropzoneConfig.InvalidContextException.class, e -> {
                    assertThat(e.problems()).hasSize(10);
                    assertThat(e.getMessage()).startsWith("Invalid CDK context (10 problems):")
                            .contains("'workflowId' is 'wf-1'; expected 1 to 18 digits")
                            .contains("'workflowType' is 'READY2RUN'; expected PRIVATE (run batches do not support "
                                    + "Ready2Run workflows)")
                            .contains("'storageType' is 'FAST'; expected one of STATIC, DYNAMIC")
                            .contains("'priority' is '-1'; expected a whole number from 0 to 100000")
                            .contains("'storageCapacity' is 'lots'")
                            .contains("'uploadPrefix' is '/incoming'")
                            .contains("'logRetentionDays' is '42'")
                            .contains("'ecrRepositoryArns' is 'not-an-arn'")
                            .contains("Set either 'outputUri' or 'outputBucketName', not both")
                            .contains("'notificationEmail' is 'nobody'")
                            .endsWith("Example: npx cdk synth -c workflowId=1234567");
                });
    }

    @Test
    void numbersFromCdkJsonAndStringsFromTheCommandLineAreBothAccepted() {
        DropzoneConfig fromJson = DropzoneConfig.fromContext(Map.<String, Object>of(
                "workflowId", 1234567, "reconcileMinutes", 30, "storageCapacity", 1200.0)::get);
        DropzoneConfig fromCli = DropzoneConfig.fromContext(Map.<String, Object>of(
                "workflowId", "1234567", "reconcileMinutes", "30", "storageCapacity", "1200")::get);

        assertThat(fromJson).isEqualTo(fromCli);
        assertThat(fromJson.reconcileMinutes()).isEqualTo(30);
        assertThat(fromJson.storageCapacity()).contains(1200);
    }

    @Test
    void defaultRunSettingOmitsAbsentFieldsAndKeepsNumbersNumeric() {
        DropzoneConfig minimal = DropzoneConfig.fromContext(Map.of("workflowId", "42")::get);
        assertThat(minimal.defaultRunSetting("ROLE", "s3://out/runs/")).containsExactly(
                Map.entry("workflowId", "42"),
                Map.entry("roleArn", "ROLE"),
                Map.entry("outputUri", "s3://out/runs/"));

        DropzoneConfig full = DropzoneConfig.fromContext(Map.<String, Object>of(
                "workflowId", "42", "storageType", "STATIC", "storageCapacity", "2400", "priority", "7",
                "cacheId", "99", "cacheBehavior", "CACHE_ALWAYS", "logLevel", "ERROR", "retentionMode", "RETAIN",
                "runGroupId", "5", "workflowVersionName", "1.2.0")::get);
        Map<String, Object> setting = full.defaultRunSetting("ROLE", "s3://out/runs/");
        assertThat(setting).containsEntry("storageCapacity", 2400).containsEntry("priority", 7)
                .containsEntry("workflowVersionName", "1.2.0").containsEntry("runGroupId", "5")
                .containsEntry("cacheId", "99").containsEntry("cacheBehavior", "CACHE_ALWAYS")
                .containsEntry("logLevel", "ERROR").containsEntry("retentionMode", "RETAIN")
                .containsEntry("storageType", "STATIC")
                .doesNotContainKey("workflowType");
    }

    @Test
    void outputUriNamesAnExistingBucketAndPrefix() {
        DropzoneConfig nested = DropzoneConfig.fromContext(
                Map.of("workflowId", "1", "outputUri", "s3://lab-results/omics/out")::get);
        DropzoneConfig root = DropzoneConfig.fromContext(Map.of("workflowId", "1", "outputUri", "s3://lab-results")::get);

        assertThat(nested.outputUri()).contains("s3://lab-results/omics/out/");
        assertThat(nested.outputUriBucket()).contains("lab-results");
        assertThat(nested.outputPrefix()).isEqualTo("omics/out/");
        assertThat(root.outputUri()).contains("s3://lab-results/");
        assertThat(root.outputPrefix()).isEmpty();
    }

    @Test
    void ecrRepositoryArnsAreACommaSeparatedList() {
        DropzoneConfig config = DropzoneConfig.fromContext(Map.of("workflowId", "1", "ecrRepositoryArns",
                " arn:aws:ecr:eu-west-1:111122223333:repository/a ,arn:aws:ecr:eu-west-1:111122223333:repository/b/c,")::get);

        assertThat(config.ecrRepositoryArns()).containsExactly(
                "arn:aws:ecr:eu-west-1:111122223333:repository/a",
                "arn:aws:ecr:eu-west-1:111122223333:repository/b/c");
        assertThat(config.reservedConcurrency()).isEqualTo(Optional.empty());
        assertThat(List.copyOf(DropzoneConfig.LOG_RETENTION_VALUES)).contains(365, 3653);
    }
}
