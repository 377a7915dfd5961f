package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.s3.S3Client;

/** One S3 server, one emulator and one signed HTTP client per test class; the emulator is reset before each test. */
abstract class OmicsEmulatorTestBase {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BUCKET = "dropzone-input";

    static S3Server s3Server;
    static S3Client s3;
    static OmicsBatchEmulator omics;
    static SignedHttp http;

    @BeforeAll
    static void startEmulator() {
        s3Server = S3Server.start(StandIns.CREDENTIALS);
        s3 = s3Server.newClient(StandIns.REGION);
        s3.createBucket(b -> b.bucket(BUCKET));
        omics = OmicsBatchEmulator.start(StandIns.REGION, StandIns.ACCOUNT_ID, StandIns.CREDENTIALS, s3);
        http = new SignedHttp(omics.endpoint(), SignedHttp.omics(StandIns.CREDENTIALS));
    }

    @AfterAll
    static void stopEmulator() {
        http.close();
        omics.close();
        s3.close();
        s3Server.close();
    }

    @BeforeEach
    void resetEmulator() {
        omics.reset();
    }

    /** A valid StartRunBatch body with inline settings for the given runSettingIds. */
    static ObjectNode inlineRequest(String requestId, String... runSettingIds) {
        ObjectNode body = baseRequest(requestId);
        ArrayNode inline = body.putObject("batchRunSettings").putArray("inlineSettings");
        for (String id : runSettingIds) {
            ObjectNode entry = inline.addObject();
            entry.put("runSettingId", id);
            entry.putObject("parameters").put("input", "s3://" + BUCKET + "/reads/" + id + ".fastq.gz");
        }
        return body;
    }

    static ObjectNode s3Request(String requestId, String s3Uri) {
        ObjectNode body = baseRequest(requestId);
        body.putObject("batchRunSettings").put("s3UriSettings", s3Uri);
        return body;
    }

    private static ObjectNode baseRequest(String requestId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("requestId", requestId);
        body.put("batchName", "cohort-7");
        body.putObject("tags").put("project", "omics-dropzone");
        ObjectNode defaults = body.putObject("defaultRunSetting");
        defaults.put("workflowId", "1234567");
        defaults.put("roleArn", "arn:aws:iam::123456789012:role/omics-dropzone-runs");
        defaults.put("outputUri", "s3://dropzone-output/runs/");
        defaults.put("storageType", "DYNAMIC");
        defaults.putObject("parameters").put("reference", "s3://dropzone-ref/GRCh38.fa");
        return body;
    }

    static String uniqueRequestId() {
        return UUID.randomUUID().toString();
    }

    /** The JSON text of a run-settings file with these runSettingIds. */
    static String runSettingsFile(String... runSettingIds) {
        ArrayNode entries = JSON.createArrayNode();
        for (String id : runSettingIds) {
            entries.addObject().put("runSettingId", id).putObject("parameters").put("sample", id);
        }
        return entries.toString();
    }

    static String startBatch(ObjectNode body) {
        SignedHttp.Reply reply = http.post("/runBatch", body);
        if (reply.status() != 201) {
            throw new AssertionError("StartRunBatch answered " + reply.status() + ": " + reply.body());
        }
        return reply.json().path("id").asText();
    }

    static JsonNode getBatch(String batchId) {
        SignedHttp.Reply reply = http.get("/runBatch/" + batchId);
        if (reply.status() != 200) {
            throw new AssertionError("GetBatch answered " + reply.status() + ": " + reply.body());
        }
        return reply.json();
    }

    static List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        for (String event : omics.events()) {
            events.add(parse(event));
        }
        return events;
    }

    static List<String> eventStatuses(String batchId) {
        List<String> statuses = new ArrayList<>();
        for (JsonNode event : events()) {
            if (event.path("detail").path("batchId").asText().equals(batchId)) {
                statuses.add(event.path("detail").path("status").asText());
            }
        }
        return statuses;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
