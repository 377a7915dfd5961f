package io.omicsdropzone.omics;

import io.omicsdropzone.domain.batch.BatchApiException.Kind;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.json.JsonReader;

import java.util.Map;

/** Turns a HealthOmics error response into a typed {@link BatchApiException}. */
final class OmicsErrors {

    private OmicsErrors() {
    }

    /**
     * The type comes from the {@code x-amzn-ErrorType} header (which may carry a {@code :namespace} suffix), else from
     * {@code __type} / {@code code} in the body (which may carry a {@code namespace#} prefix), else from the status.
     */
    static BatchApiException fromResponse(int status, String errorTypeHeader, String body) {
        Map<String, Object> json = parseQuietly(body);
        String type = errorTypeHeader;
        if (type == null || type.isBlank()) {
            type = stringOr(json.get("__type"), stringOr(json.get("code"), null));
        }
        type = type == null ? "HTTP" + status : cleanType(type);
        String message = stringOr(json.get("message"), stringOr(json.get("Message"), body == null || body.isBlank()
                ? "HTTP " + status + " without a message" : body.strip()));
        return new BatchApiException(kindOf(type, status), type, status, message, null);
    }

    static String cleanType(String type) {
        String cleaned = type;
        int colon = cleaned.indexOf(':');
        if (colon >= 0) {
            cleaned = cleaned.substring(0, colon);
        }
        int hash = cleaned.lastIndexOf('#');
        if (hash >= 0) {
            cleaned = cleaned.substring(hash + 1);
        }
        return cleaned.strip();
    }

    /**
     * The modeled errors of StartRunBatch / GetBatch / ListRunsInBatch / CancelRunBatch (botocore's
     * {@code omics/2022-11-28/service-2.json}), plus the authentication errors every AWS API can answer ("Common
     * Errors" in the HealthOmics API reference, https://docs.aws.amazon.com/omics/latest/api/CommonErrors.html).
     *
     * <p>Authentication errors that clear by themselves are retryable: an expired session token (the Lambda runtime
     * hands out fresh role credentials, and every attempt signs anew with the provider's current ones), a signature
     * rejected for clock skew ({@code InvalidSignatureException} "Signature expired", {@code RequestExpired}: a later
     * attempt, often on another host after NTP caught up, signs with a new timestamp), and
     * {@code UnrecognizedClientException}, which for role credentials means IAM has not yet propagated a new
     * session or key. None of them is caused by the file, so failing the file would be wrong; a permanent one keeps
     * failing until the give-up limit and is then recorded with this error. {@code IncompleteSignature} and
     * {@code MissingAuthenticationToken} stay terminal: they mean our signer built a bad request, which no retry
     * changes.
     */
    static Kind kindOf(String type, int status) {
        return switch (type) {
            case "ExpiredTokenException", "ExpiredToken", "InvalidSignatureException", "RequestExpired",
                 "RequestTimeTooSkewed", "UnrecognizedClientException" -> Kind.TRANSIENT_AUTH;
            case "ValidationException" -> Kind.VALIDATION;
            case "AccessDeniedException" -> Kind.ACCESS_DENIED;
            case "ResourceNotFoundException" -> Kind.NOT_FOUND;
            case "ConflictException" -> Kind.CONFLICT;
            case "ServiceQuotaExceededException" -> Kind.QUOTA_EXCEEDED;
            case "ThrottlingException" -> Kind.THROTTLING;
            case "RequestTimeoutException" -> Kind.REQUEST_TIMEOUT;
            case "InternalServerException" -> Kind.INTERNAL;
            default -> status == 429 ? Kind.THROTTLING : status >= 500 ? Kind.UNKNOWN_SERVER : Kind.UNKNOWN_CLIENT;
        };
    }

    private static Map<String, Object> parseQuietly(String body) {
        if (body == null || body.isBlank()) {
            return Map.of();
        }
        try {
            return JsonReader.readObject(body);
        } catch (JsonReader.JsonFormatException notJson) {
            return Map.of(); // proxies and load balancers answer in HTML; the raw body becomes the message
        }
    }

    private static String stringOr(Object value, String fallback) {
        return value instanceof String text && !text.isBlank() ? text : fallback;
    }
}
