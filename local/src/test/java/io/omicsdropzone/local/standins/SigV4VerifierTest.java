package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class SigV4VerifierTest {

    private static final AwsBasicCredentials EXAMPLE_KEYS =
            AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final Clock AT_EXAMPLE_TIME = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);

    /** The worked example of the AWS General Reference ("Create a signed AWS API request", IAM ListUsers). */
    private static Map<String, List<String>> documentedExampleHeaders(String signature) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of("iam.amazonaws.com"));
        headers.put("content-type", List.of("application/x-www-form-urlencoded; charset=utf-8"));
        headers.put("x-amz-date", List.of("20150830T123600Z"));
        headers.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, Signature=" + signature));
        return headers;
    }

    @Test
    void acceptsTheDocumentedExampleSignature() {
        SigV4Verifier verifier = new SigV4Verifier("iam", "us-east-1", EXAMPLE_KEYS, AT_EXAMPLE_TIME);

        SigV4Verifier.Outcome outcome = verifier.verify("GET", "/", "Action=ListUsers&Version=2010-05-08",
                documentedExampleHeaders("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"), new byte[0]);

        assertThat(outcome.ok()).as(outcome.message()).isTrue();
    }

    @Test
    void rejectsTheDocumentedExampleWithOneSignatureDigitChanged() {
        SigV4Verifier verifier = new SigV4Verifier("iam", "us-east-1", EXAMPLE_KEYS, AT_EXAMPLE_TIME);

        SigV4Verifier.Outcome outcome = verifier.verify("GET", "/", "Action=ListUsers&Version=2010-05-08",
                documentedExampleHeaders("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d8"), new byte[0]);

        assertThat(outcome.problem()).isEqualTo(SigV4Verifier.Problem.SIGNATURE_MISMATCH);
        assertThat(outcome.message()).contains("GET\n/\nAction=ListUsers&Version=2010-05-08\n");
    }

    @Test
    void rejectsTheDocumentedExampleFifteenMinutesAndOneSecondLater() {
        Clock later = Clock.fixed(Instant.parse("2015-08-30T12:51:01Z"), ZoneOffset.UTC);
        SigV4Verifier verifier = new SigV4Verifier("iam", "us-east-1", EXAMPLE_KEYS, later);

        SigV4Verifier.Outcome outcome = verifier.verify("GET", "/", "Action=ListUsers&Version=2010-05-08",
                documentedExampleHeaders("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"), new byte[0]);

        assertThat(outcome.problem()).isEqualTo(SigV4Verifier.Problem.EXPIRED);
        assertThat(outcome.message()).startsWith("Signature expired");
    }

    @Test
    void acceptsWhatTheSdkSignerSignsWithQueryEncodingAndBody() {
        byte[] body = "{\"batchId\":\"7000001\"}".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://127.0.0.1:4567/runBatch/7000001/run?maxItems=2&runSettingId=sample%20A%2B1&startingToken=a%3Db"))
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Custom", "  two   spaces  ")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(EXAMPLE_KEYS.accessKeyId(), EXAMPLE_KEYS.secretAccessKey()))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "omics")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        SigV4Verifier verifier = new SigV4Verifier("omics", "us-east-1", EXAMPLE_KEYS, Clock.systemUTC());

        SigV4Verifier.Outcome asSigned = verifier.verify("POST", signed.request().encodedPath(),
                signed.request().encodedQueryParameters().orElse(null), wireHeaders(signed.request()), body);
        SigV4Verifier.Outcome bodyChanged = verifier.verify("POST", signed.request().encodedPath(),
                signed.request().encodedQueryParameters().orElse(null), wireHeaders(signed.request()),
                "{\"batchId\":\"7000002\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(asSigned.ok()).as(asSigned.message()).isTrue();
        assertThat(bodyChanged.problem()).isEqualTo(SigV4Verifier.Problem.SIGNATURE_MISMATCH);
    }

    @Test
    void namesTheProblemOfAWronglyScopedCredential() {
        SigV4Verifier verifier = new SigV4Verifier("omics", "us-east-1", EXAMPLE_KEYS, AT_EXAMPLE_TIME);
        Map<String, List<String>> headers = new LinkedHashMap<>(documentedExampleHeaders("00"));

        SigV4Verifier.Outcome wrongService = verifier.verify("GET", "/", null, headers, new byte[0]);
        headers.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/omics/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=00"));
        SigV4Verifier.Outcome wrongRegion = verifier.verify("GET", "/", null, headers, new byte[0]);
        headers.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDOTHER/20150830/us-east-1/omics/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=00"));
        SigV4Verifier.Outcome unknownKey = verifier.verify("GET", "/", null, headers, new byte[0]);
        headers.remove("authorization");
        SigV4Verifier.Outcome missing = verifier.verify("GET", "/", null, headers, new byte[0]);

        assertThat(wrongService.problem()).isEqualTo(SigV4Verifier.Problem.WRONG_SERVICE);
        assertThat(wrongService.message()).contains("'omics'");
        assertThat(wrongRegion.problem()).isEqualTo(SigV4Verifier.Problem.WRONG_REGION);
        assertThat(unknownKey.problem()).isEqualTo(SigV4Verifier.Problem.UNKNOWN_ACCESS_KEY);
        assertThat(missing.problem()).isEqualTo(SigV4Verifier.Problem.MISSING);
    }

    @Test
    void canonicalisesPathsAndQueriesTheNonS3Way() {
        assertThat(SigV4Verifier.canonicalUri("")).isEqualTo("/");
        assertThat(SigV4Verifier.canonicalUri("/runBatch/./cancel/../cancel")).isEqualTo("/runBatch/cancel");
        assertThat(SigV4Verifier.canonicalUri("/a%20b")).isEqualTo("/a%2520b");
        assertThat(SigV4Verifier.canonicalQuery("b=2&a=1&a=0&c")).isEqualTo("a=0&a=1&b=2&c=");
        assertThat(SigV4Verifier.canonicalQuery("k=a%20b%2Bc")).isEqualTo("k=a%20b%2Bc");
    }

    private static Map<String, List<String>> wireHeaders(SdkHttpRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.forEachHeader((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        headers.put("host", List.of(request.host() + ":" + request.port()));
        return headers;
    }
}
