package io.omicsdropzone.domain;

/**
 * A HealthOmics error, typed by the service's {@code x-amzn-ErrorType} (or a transport failure).
 * {@link #retryable()} decides between "record FAILED and notify" and "let the retry machinery try again".
 */
public final class BatchApiException extends RuntimeException {

    /** Error types whose retry cannot succeed without a change by a person. */
    public enum Kind {
        VALIDATION(false), ACCESS_DENIED(false), NOT_FOUND(false), CONFLICT(false), QUOTA_EXCEEDED(false),
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

    /** As {@link #describe()}; with PHI_SAFE only the type and status, since service messages may echo the key. */
    public String describe(Disclosure disclosure) {
        return disclosure.phiSafe() ? errorType + " (HTTP " + statusCode + ")" : describe();
    }

    /** "ValidationException: message" — what operators and notification subscribers read. */
    public String describe() {
        return errorType + ": " + getMessage();
    }
}
