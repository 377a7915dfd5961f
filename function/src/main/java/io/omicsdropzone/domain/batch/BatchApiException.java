package io.omicsdropzone.domain.batch;

import io.omicsdropzone.disclosure.Disclosure;

import io.omicsdropzone.disclosure.DisclosedText;
import io.omicsdropzone.disclosure.Field;

/**
 * A HealthOmics error, typed by the service's {@code x-amzn-ErrorType} (or a transport failure).
 * {@link #retryable()} decides between "record FAILED and notify" and "let the retry machinery try again".
 */
public final class BatchApiException extends RuntimeException {

    /**
     * What went wrong, and whether trying the same request later can succeed. Non-retryable kinds need a change by a
     * person (the file, the workflow, the role's policy) and make the drop FAILED at once. Retryable kinds clear by
     * themselves (capacity, credentials, clocks, the network); the retry, sweep and give-up machinery bounds them, so
     * a good file is never made terminal by a passing condition.
     */
    public enum Kind {
        VALIDATION(false), ACCESS_DENIED(false), NOT_FOUND(false), CONFLICT(false),
        /** A quota (e.g. concurrent runs or batches) is full: it drains as running batches finish. */
        QUOTA_EXCEEDED(true),
        /** Expired session token, signature outside the clock-skew window, credentials not yet propagated. */
        TRANSIENT_AUTH(true),
        THROTTLING(true), REQUEST_TIMEOUT(true), INTERNAL(true), TRANSPORT(true), UNKNOWN_CLIENT(false),
        UNKNOWN_SERVER(true);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Kind kind;
    private final String errorType;
    private final int statusCode;

    public BatchApiException(Kind kind, String errorType, int statusCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.errorType = errorType;
        this.statusCode = statusCode;
    }

    public Kind kind() {
        return kind;
    }

    /** The service's error type, e.g. {@code ValidationException}; a transport failure names the exception. */
    public String errorType() {
        return errorType;
    }

    /** HTTP status, or 0 when no response arrived. */
    public int statusCode() {
        return statusCode;
    }

    public boolean retryable() {
        return kind.retryable;
    }

    /** "ValidationException: message" — what operators and notification subscribers read. */
    public String describe() {
        return describe(Disclosure.FULL);
    }

    /**
     * {@link Disclosure#FULL}: {@link #describe()}. {@link Disclosure#PHI_SAFE}: only the type and the status, e.g.
     * {@code ValidationException (HTTP 400)}: the service's message may echo the file's S3 URI or a value from it.
     */
    public String describe(Disclosure disclosure) {
        return text().render(disclosure);
    }

    /** The error type, then the service's message, which stands aside for the HTTP status in PHI-safe text. */
    public DisclosedText text() {
        String status = statusCode > 0 ? " (HTTP " + statusCode + ")" : " (no HTTP response)";
        return DisclosedText.builder().text(String.valueOf(errorType))
                .field(Field.serviceMessage(": ", getMessage(), "", status)).build();
    }
}
