package io.omicsdropzone.omics;

import io.omicsdropzone.domain.BatchApiException;
import io.omicsdropzone.domain.BatchApiException.Kind;
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
            "ServiceQuotaExceededException, 402, QUOTA_EXCEEDED, false",
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
