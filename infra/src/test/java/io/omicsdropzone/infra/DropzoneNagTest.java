package io.omicsdropzone.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * The AWS Solutions and HIPAA Security packs (applied by {@link DropzoneNag}, as the App does) report nothing
 * unsuppressed, for the defaults and for every option; every suppression says why.
 */
class DropzoneNagTest {

    private static final String NAG_RULES = "AwsSolutions-.*|HIPAA.Security-.*";

    static Stream<Arguments> stacks() {
        return Stream.of(
                Arguments.of("minimal context", (Supplier<SynthesizedStack>) SynthesizedStack::minimal),
                Arguments.of("full context", (Supplier<SynthesizedStack>) SynthesizedStack::full));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void noUnsuppressedNagErrors(String name, Supplier<SynthesizedStack> stack) {
        List<SynthesisMessage> errors = stack.get().annotations.findError("*", Match.stringLikeRegexp(NAG_RULES));

        assertThat(errors).extracting(m -> m.getId() + ": " + m.getEntry().getData()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void noUnsuppressedNagWarnings(String name, Supplier<SynthesizedStack> stack) {
        List<SynthesisMessage> warnings =
                stack.get().annotations.findWarning("*", Match.stringLikeRegexp(NAG_RULES));

        assertThat(warnings).extracting(m -> m.getId() + ": " + m.getEntry().getData()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void everySuppressionNamesARuleAndGivesASpecificReason(String name, Supplier<SynthesizedStack> stack) {
        List<JsonNode> suppressions = suppressions(stack.get().json());

        assertThat(suppressions).isNotEmpty().allSatisfy(s -> {
            assertThat(s.path("id").asText()).matches(NAG_RULES);
            assertThat(s.path("reason").asText()).as(s.path("id").asText()).hasSizeGreaterThan(60);
        });
        // A resource wildcard is never waived wholesale: each IAM5 suppression lists the exact resources.
        assertThat(suppressions).filteredOn(s -> s.path("id").asText().equals("AwsSolutions-IAM5"))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.path("applies_to")).as("IAM5 applies_to").isNotEmpty());
        assertThat(suppressions).filteredOn(s -> s.path("id").asText().equals("AwsSolutions-IAM4"))
                .allSatisfy(s -> assertThat(Cfn.strings(s.path("applies_to"))).containsExactly(
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void onlyTheExpectedRulesAreSuppressed(String name, Supplier<SynthesizedStack> stack) {
        assertThat(suppressions(stack.get().json())).extracting(s -> s.path("id").asText()).isSubsetOf(
                "AwsSolutions-IAM4", "AwsSolutions-IAM5", "AwsSolutions-L1", "AwsSolutions-SQS3",
                "HIPAA.Security-IAMNoInlinePolicy", "HIPAA.Security-LambdaDLQ", "HIPAA.Security-LambdaInsideVPC",
                "HIPAA.Security-LambdaConcurrency", "HIPAA.Security-S3BucketReplicationEnabled",
                "HIPAA.Security-S3DefaultEncryptionKMS",
                "HIPAA.Security-DynamoDBInBackupPlan");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void everySuppressionWaivesAFindingThePacksActuallyReport(String name, Supplier<SynthesizedStack> stack)
            throws IOException {
        List<String[]> suppressedRows = new ArrayList<>();
        for (String pack : List.of("AwsSolutions", "HIPAA.Security")) {
            Path report = stack.get().assemblyDirectory.resolve(pack + "-" + DropzoneApp.STACK_ID + "-NagReport.csv");
            Files.readAllLines(report).stream().skip(1)
                    .map(line -> line.substring(1, line.length() - 1).split("\",\"", -1))
                    .filter(row -> row[2].equals("Suppressed"))
                    .forEach(suppressedRows::add);
        }
        List<JsonNode> suppressions = suppressions(stack.get().json());

        // No stale suppression: every suppressed rule id matches a finding...
        assertThat(suppressedRows).extracting(row -> row[0]).containsAll(
                suppressions.stream().map(s -> s.path("id").asText()).distinct().toList());
        // ...and every resource an IAM5/IAM4 suppression names is one the packs flagged.
        List<String> flaggedFindings = suppressedRows.stream()
                .filter(row -> row[3].startsWith("["))
                .map(row -> row[3].substring(1, row[3].indexOf(']')))
                .toList();
        suppressions.stream()
                .flatMap(s -> Cfn.strings(s.path("applies_to")).stream())
                .distinct()
                .forEach(appliesTo -> assertThat(flaggedFindings).as("findings").contains(appliesTo));
    }

    @Test
    void reservedConcurrencyIsOnlyWaivedWhereNoneIsReserved() {
        Cfn full = new Cfn(SynthesizedStack.full().json());

        assertThat(suppressedRules(full, SubmitPipeline.SUBMIT_HANDLER))
                .doesNotContain("HIPAA.Security-LambdaConcurrency");
        assertThat(suppressedRules(full, BatchTracking.STATUS_HANDLER))
                .contains("HIPAA.Security-LambdaConcurrency");
    }

    private static List<String> suppressedRules(Cfn cfn, String handler) {
        List<String> ids = new ArrayList<>();
        cfn.resource(cfn.functionWithHandler(handler)).path("Metadata").path("cdk_nag").path("rules_to_suppress")
                .forEach(s -> ids.add(s.path("id").asText()));
        return ids;
    }

    /** Suppressions as cdk-nag records them in the template: stack metadata and each resource's metadata. */
    private static List<JsonNode> suppressions(JsonNode template) {
        List<JsonNode> all = new ArrayList<>();
        template.path("Metadata").path("cdk_nag").path("rules_to_suppress").forEach(all::add);
        template.path("Resources").forEach(resource ->
                resource.path("Metadata").path("cdk_nag").path("rules_to_suppress").forEach(all::add));
        return all;
    }
}
