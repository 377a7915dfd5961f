package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;

/** Injected faults, call recording and SigV4 enforcement of the HealthOmics emulator. */
class OmicsFaultsAndAuthTest extends OmicsEmulatorTestBase {

    @Test
    void failNextAnswersTheGivenStatusTypeAndMessageThenRecovers() {
        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A"));
        omics.failNext("GetBatch", 1, 500, "InternalServerException", "Injected outage");

        SignedHttp.Reply failed = http.get("/runBatch/" + id);
        SignedHttp.Reply next = http.get("/runBatch/" + id);

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.errorType()).isEqualTo("InternalServerException");
        assertThat(failed.message()).isEqualTo("Injected outage");
        assertThat(next.status()).isEqualTo(200);
        assertThat(omics.count("GetBatch")).isEqualTo(2);
    }

    @Test
    void throttleNextAnswers429ThrottlingExceptionForThatOperationOnly() {
        omics.throttleNext("StartRunBatch", 2);
        String requestId = uniqueRequestId();

        SignedHttp.Reply first = http.post("/runBatch", inlineRequest(requestId, "sample-A"));
        SignedHttp.Reply second = http.post("/runBatch", inlineRequest(requestId, "sample-A"));
        SignedHttp.Reply third = http.post("/runBatch", inlineRequest(requestId, "sample-A"));
        SignedHttp.Reply get = http.get("/runBatch/" + third.json().path("id").asText());

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.errorType()).isEqualTo("ThrottlingException");
        assertThat(second.status()).isEqualTo(429);
        assertThat(third.status()).isEqualTo(201);
        assertThat(get.status()).isEqualTo(200);
        assertThat(omics.count("StartRunBatch")).isEqualTo(3);
        assertThat(omics.calls()).extracting(OmicsBatchEmulator.RecordedCall::status).containsExactly(429, 429, 201, 200);
        assertThat(omics.batches()).hasSize(1);
    }

    @Test
    void faultsCanTargetCancelAndListToo() {
        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A"));
        omics.failNext("ListRunsInBatch", 1, 402, "ServiceQuotaExceededException", "quota");
        omics.failNext("CancelRunBatch", 1, 408, "RequestTimeoutException", "slow");

        SignedHttp.Reply list = http.get("/runBatch/" + id + "/run");
        SignedHttp.Reply cancel = http.post("/runBatch/cancel", JSON.createObjectNode().put("batchId", id));

        assertThat(list.status()).isEqualTo(402);
        assertThat(list.errorType()).isEqualTo("ServiceQuotaExceededException");
        assertThat(cancel.status()).isEqualTo(408);
        assertThat(cancel.errorType()).isEqualTo("RequestTimeoutException");
    }

    @Test
    void unknownOperationNamesAreRefusedWhenInjecting() {
        assertThatThrownBy(() -> omics.throttleNext("StartRun", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordedCallsKeepMethodPathHeadersBodyAndStatus() {
        String body = inlineRequest(uniqueRequestId(), "sample-A").toString();

        SignedHttp.Reply reply = http.post("/runBatch", body);
        http.get("/runBatch/" + reply.json().path("id").asText() + "/run", "maxItems=5");

        assertThat(omics.calls()).hasSize(2);
        OmicsBatchEmulator.RecordedCall start = omics.calls().get(0);
        assertThat(start.operation()).isEqualTo("StartRunBatch");
        assertThat(start.method()).isEqualTo("POST");
        assertThat(start.path()).isEqualTo("/runBatch");
        assertThat(start.body()).isEqualTo(body);
        assertThat(start.status()).isEqualTo(201);
        assertThat(start.headers().get("authorization")).singleElement().asString()
                .startsWith("AWS4-HMAC-SHA256 Credential=" + StandIns.CREDENTIALS.accessKeyId() + "/")
                .contains("/us-east-1/omics/aws4_request");
        assertThat(start.headers()).containsKey("x-amz-date");
        OmicsBatchEmulator.RecordedCall list = omics.calls().get(1);
        assertThat(list.operation()).isEqualTo("ListRunsInBatch");
        assertThat(list.path()).endsWith("/run?maxItems=5");
    }

    @Test
    void unimplementedRoutesAnswerUnknownOperation() {
        SignedHttp.Reply reply = http.get("/runBatches"); // GET /runBatch is ListBatch

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorType()).isEqualTo("UnknownOperationException");
        assertThat(omics.calls()).singleElement().extracting(OmicsBatchEmulator.RecordedCall::operation).isEqualTo("Unknown");
    }

    @Test
    void unsignedRequestsAreForbidden() {
        SignedHttp.Reply reply = http.send(SdkHttpMethod.GET, "/runBatch/1", null, null,
                http.signing().withCredentials(null), UnaryOperator.identity());

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorType()).isEqualTo("MissingAuthenticationTokenException");
        assertThat(omics.count("GetBatch")).isEqualTo(1);
    }

    @Test
    void aWrongSecretIsAnInvalidSignature() {
        SignedHttp.Reply reply = http.send(SdkHttpMethod.POST, "/runBatch", null,
                inlineRequest(uniqueRequestId(), "a").toString(),
                http.signing().withCredentials(AwsBasicCredentials.create(StandIns.CREDENTIALS.accessKeyId(), "guess")),
                UnaryOperator.identity());

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorType()).isEqualTo("InvalidSignatureException");
        assertThat(reply.message()).contains("does not match the signature you provided");
        assertThat(omics.batches()).isEmpty();
    }

    @Test
    void anUnknownAccessKeyIsAnUnrecognizedClient() {
        SignedHttp.Reply reply = http.send(SdkHttpMethod.GET, "/runBatch/1", null, null,
                http.signing().withCredentials(AwsBasicCredentials.create("AKIASOMEONEELSE00000", "x")),
                UnaryOperator.identity());

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorType()).isEqualTo("UnrecognizedClientException");
    }

    @Test
    void signaturesScopedToAnotherServiceOrRegionAreRejected() {
        SignedHttp.Reply otherService = http.send(SdkHttpMethod.GET, "/runBatch/1", null, null,
                http.signing().withService("s3"), UnaryOperator.identity());
        SignedHttp.Reply otherRegion = http.send(SdkHttpMethod.GET, "/runBatch/1", null, null,
                http.signing().withRegion("eu-west-1"), UnaryOperator.identity());

        assertThat(otherService.status()).isEqualTo(403);
        assertThat(otherService.errorType()).isEqualTo("InvalidSignatureException");
        assertThat(otherService.message()).contains("'omics'");
        assertThat(otherRegion.status()).isEqualTo(403);
        assertThat(otherRegion.message()).contains("region");
    }

    @Test
    void aBodyChangedAfterSigningIsAnInvalidSignature() {
        String signedBody = inlineRequest(uniqueRequestId(), "sample-A").toString();
        String sentBody = signedBody.replace("sample-A", "sample-Z");

        SignedHttp.Reply reply = http.sendSignedWithOtherBody("/runBatch", signedBody, sentBody);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorType()).isEqualTo("InvalidSignatureException");
        assertThat(omics.batches()).isEmpty();
    }

    @Test
    void aSignatureOlderThanFifteenMinutesHasExpired() {
        Clock twentyMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));

        SignedHttp.Reply reply = http.send(SdkHttpMethod.GET, "/runBatch/1", null, null,
                http.signing().withClock(twentyMinutesAgo), UnaryOperator.identity());

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorType()).isEqualTo("InvalidSignatureException");
        assertThat(reply.message()).startsWith("Signature expired");
    }
}
