package io.omicsdropzone.omics;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.batch.BatchApiException.Kind;
import io.omicsdropzone.domain.batch.BatchApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OmicsErrorsTest {

    @ParameterizedTest
    @CsvSource({
            "ValidationException, 400, VALIDATION, false",
            "AccessDeniedException, 403, ACCESS_DENIED, false",
            "ResourceNotFoundException, 404, NOT_FOUND, false",
            "ConflictException, 409, CONFLICT, false",
            "ServiceQuotaExceededException, 402, QUOTA_EXCEEDED, true",
            "ExpiredTokenException, 403, TRANSIENT_AUTH, true",
            "ExpiredToken, 400, TRANSIENT_AUTH, true",
            "InvalidSignatureException, 403, TRANSIENT_AUTH, true",
            "RequestExpired, 400, TRANSIENT_AUTH, true",
            "UnrecognizedClientException, 403, TRANSIENT_AUTH, true",
            "IncompleteSignature, 403, UNKNOWN_CLIENT, false",
            "MissingAuthenticationToken, 403, UNKNOWN_CLIENT, false",
            "NotSupportedOperationException, 405, UNKNOWN_CLIENT, false",
            "ThrottlingException, 429, THROTTLING, true",
            "RequestTimeoutException, 408, REQUEST_TIMEOUT, true",
            "InternalServerException, 500, INTERNAL, true",
            "SomethingNewException, 503, UNKNOWN_SERVER, true",
            "SomethingNewException, 400, UNKNOWN_CLIENT, false"})
    void error_types_map_to_kinds_that_say_whether_to_retry(String type, int status, Kind kind, boolean retryable) {
        BatchApiException error = OmicsErrors.fromResponse(status, type, "{\"message\":\"because\"}");

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.retryable()).isEqualTo(retryable);
        assertThat(error.describe()).isEqualTo(type + ": because");
        assertThat(error.statusCode()).isEqualTo(status);
    }

    @Test
    void a_clock_skew_signature_error_arrives_as_the_service_sends_it_and_is_retried() {
        // The shape of AWS's answer to a request signed outside the 5-minute window (restJson1: header + body).
        BatchApiException error = OmicsErrors.fromResponse(403, "InvalidSignatureException",
                "{\"message\":\"Signature expired: 20261201T100000Z is now earlier than 20261201T100500Z"
                        + " (20261201T101000Z - 5 min.)\"}");

        assertThat(error.kind()).isEqualTo(Kind.TRANSIENT_AUTH);
        assertThat(error.retryable()).isTrue();
    }

    @Test
    void phi_safe_description_keeps_type_and_status_and_drops_the_service_message() {
        BatchApiException error = OmicsErrors.fromResponse(400, "ValidationException",
                "{\"message\":\"Cannot read s3://in/incoming/PATIENT-4711.json\"}");

        assertThat(error.describe(Disclosure.FULL)).isEqualTo(error.describe())
                .isEqualTo("ValidationException: Cannot read s3://in/incoming/PATIENT-4711.json");
        assertThat(error.describe(Disclosure.PHI_SAFE)).isEqualTo("ValidationException (HTTP 400)");
        assertThat(new BatchApiException(Kind.TRANSPORT, "SocketTimeoutException", 0, "to PATIENT-4711", null)
                .describe(Disclosure.PHI_SAFE)).isEqualTo("SocketTimeoutException (no HTTP response)");
    }

    @Test
    void header_suffix_and_body_type_prefix_are_stripped() {
        assertThat(OmicsErrors.fromResponse(400, "ValidationException:http://internal.amazon.com/coral/com.amazonaws.omics/", "{}")
                .errorType()).isEqualTo("ValidationException");
        assertThat(OmicsErrors.fromResponse(409, null, "{\"__type\":\"com.amazonaws.omics#ConflictException\",\"message\":\"m\"}")
                .kind()).isEqualTo(Kind.CONFLICT);
    }

    @Test
    void a_non_json_body_becomes_the_message() {
        BatchApiException error = OmicsErrors.fromResponse(502, null, "<html>Bad Gateway</html>");

        assertThat(error.errorType()).isEqualTo("HTTP502");
        assertThat(error.getMessage()).isEqualTo("<html>Bad Gateway</html>");
        assertThat(error.retryable()).isTrue();
    }
}
