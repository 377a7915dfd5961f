package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GetWorkflow and GetWorkflowVersion as the emulator answers them, in the shapes of the API reference
 * (https://docs.aws.amazon.com/omics/latest/api/API_GetWorkflow.html, API_GetWorkflowVersion.html).
 */
class OmicsWorkflowsTest extends OmicsEmulatorTestBase {

    @Test
    void get_workflow_answers_status_type_and_the_parameter_template_in_order() {
        Map<String, Boolean> template = new LinkedHashMap<>();
        template.put("sample_id", false);
        template.put("genome", true);
        omics.putWorkflow("4242", "ACTIVE", "PRIVATE", null, template);

        SignedHttp.Reply reply = http.get("/workflow/4242");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("arn").asText()).isEqualTo("arn:aws:omics:" + omics.region() + ":" + omics.accountId()
                + ":workflow/4242");
        assertThat(body.path("id").asText()).isEqualTo("4242");
        assertThat(body.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(body.path("type").asText()).isEqualTo("PRIVATE");
        assertThat(Instant.parse(body.path("creationTime").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(body.path("parameterTemplate").fieldNames()).toIterable().containsExactly("sample_id", "genome");
        assertThat(body.path("parameterTemplate").path("sample_id").path("optional").asBoolean(true)).isFalse();
        assertThat(body.path("parameterTemplate").path("genome").path("optional").asBoolean()).isTrue();
        assertThat(body.path("parameterTemplate").path("genome").path("description").isTextual()).isTrue();
    }

    @Test
    void a_workflow_without_template_has_no_parameter_template_member() {
        omics.putWorkflow("4243", "INACTIVE", "PRIVATE", "deactivated", null);

        JsonNode body = http.get("/workflow/4243").json();

        assertThat(body.has("parameterTemplate")).isFalse();
        assertThat(body.path("status").asText()).isEqualTo("INACTIVE");
        assertThat(body.path("statusMessage").asText()).isEqualTo("deactivated");
    }

    @Test
    void get_workflow_version_answers_the_version_and_unknown_ones_are_not_found() {
        omics.putWorkflow("4244", "ACTIVE", "PRIVATE", null, Map.of("a", false));
        omics.putWorkflowVersion("4244", "v1.0", "ACTIVE", Map.of("b", true));

        JsonNode version = http.get("/workflow/4244/version/v1.0").json();
        SignedHttp.Reply missingVersion = http.get("/workflow/4244/version/v9");
        SignedHttp.Reply missingWorkflow = http.get("/workflow/999");

        assertThat(version.path("arn").asText()).endsWith(":workflow/4244/version/v1.0");
        assertThat(version.path("workflowId").asText()).isEqualTo("4244");
        assertThat(version.path("versionName").asText()).isEqualTo("v1.0");
        assertThat(version.path("parameterTemplate").has("b")).isTrue();
        assertThat(missingVersion.status()).isEqualTo(404);
        assertThat(missingVersion.errorType()).isEqualTo("ResourceNotFoundException");
        assertThat(missingWorkflow.status()).isEqualTo(404);
        assertThat(missingWorkflow.errorType()).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void faults_can_be_queued_for_get_workflow() {
        omics.putWorkflow("4245", "ACTIVE", "PRIVATE", null, null);
        omics.failNext(OmicsBatchEmulator.GET_WORKFLOW, 1, 403, "AccessDeniedException", "not authorized");

        SignedHttp.Reply denied = http.get("/workflow/4245");
        SignedHttp.Reply served = http.get("/workflow/4245");

        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.errorType()).isEqualTo("AccessDeniedException");
        assertThat(served.status()).isEqualTo(200);
        assertThat(omics.count(OmicsBatchEmulator.GET_WORKFLOW)).isEqualTo(2);
    }
}
