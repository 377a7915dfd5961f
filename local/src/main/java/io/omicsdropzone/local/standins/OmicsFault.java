package io.omicsdropzone.local.standins;

/**
 * The failures a fault campaign can inject into the HealthOmics emulator, each with the wire shape the real service
 * answers with ({@code x-amzn-ErrorType} header, {@code {"message": ...}} body, HTTP status), or a connection dropped
 * before or after the request was processed. Inject with {@link OmicsBatchEmulator#injectNext}.
 *
 * <p>Sources: the "Errors" section of each operation in the HealthOmics API Reference (e.g.
 * https://docs.aws.amazon.com/omics/latest/api/API_StartRunBatch.html: ThrottlingException 429,
 * InternalServerException 500, ConflictException 409, ServiceQuotaExceededException 402, RequestTimeoutException 408,
 * AccessDeniedException 403) and "Common Errors" (https://docs.aws.amazon.com/omics/latest/api/CommonErrors.html:
 * ServiceUnavailable 503, ExpiredTokenException 403). Signature-date skew is answered as
 * {@code InvalidSignatureException} "Signature expired" by rest-json services (AWS General Reference, "Signature
 * Version 4 signing process": requests more than 15 minutes off the server clock are refused).
 */
public enum OmicsFault {

    /** The request took too long to process (StartRunBatch errors: RequestTimeoutException, 408); retryable. */
    REQUEST_TIMEOUT(Delivery.ANSWER, 408, "RequestTimeoutException", "The request timed out."),
    /** The caller lacks permission (StartRunBatch errors: AccessDeniedException, 403); not retryable. */
    ACCESS_DENIED(Delivery.ANSWER, 403, "AccessDeniedException", "You do not have sufficient access to perform this action."),
    /** The account's request rate for the operation is exceeded; the SDKs retry it with backoff as throttling. */
    THROTTLING(Delivery.ANSWER, 429, "ThrottlingException", "Rate exceeded"),
    /** A transient server-side failure; nothing was done. */
    INTERNAL_SERVER_ERROR(Delivery.ANSWER, 500, "InternalServerException",
            "An unexpected error occurred. Try the request again."),
    /** The front end is temporarily unavailable (Common Errors, ServiceUnavailable, 503). */
    SERVICE_UNAVAILABLE(Delivery.ANSWER, 503, "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server."),
    /** The request conflicts with the resource's state (e.g. another cancel in progress). */
    CONFLICT(Delivery.ANSWER, 409, "ConflictException",
            "The request cannot be applied to the target resource in its current state."),
    /** A service quota (e.g. concurrent batches) is full; the dropzone retries, as quotas drain when batches end. */
    SERVICE_QUOTA_EXCEEDED(Delivery.ANSWER, 402, "ServiceQuotaExceededException",
            "The request exceeds a service quota."),
    /** The session credentials expired; clears once the caller's credential provider refreshes them. */
    EXPIRED_TOKEN(Delivery.ANSWER, 403, "ExpiredTokenException", "The security token included in the request is expired"),
    /** The request's x-amz-date is more than 15 minutes off the service clock; clears once the clock is corrected. */
    CLOCK_SKEW(Delivery.ANSWER, 403, "InvalidSignatureException",
            "Signature expired: the request's x-amz-date is now earlier than 15 min before the service time."),
    /** The connection closes before anything is answered and before the request is processed: nothing happened. */
    CONNECTION_RESET(Delivery.DROP_BEFORE_PROCESSING, 0, null, null),
    /** The request is processed (for StartRunBatch: the batch is created) and then the connection closes without an
     *  answer, as when a response is lost on the way back: only an idempotent retry tells the caller what happened. */
    LOST_RESPONSE(Delivery.DROP_AFTER_PROCESSING, 0, null, null);

    /** How the fault reaches the caller. */
    enum Delivery { ANSWER, DROP_BEFORE_PROCESSING, DROP_AFTER_PROCESSING }

    private final Delivery delivery;
    private final int status;
    private final String errorType;
    private final String message;

    OmicsFault(Delivery delivery, int status, String errorType, String message) {
        this.delivery = delivery;
        this.status = status;
        this.errorType = errorType;
        this.message = message;
    }

    Delivery delivery() {
        return delivery;
    }

    /** HTTP status of the answer; 0 when the connection is dropped instead. */
    public int status() {
        return status;
    }

    /** {@code x-amzn-ErrorType} without the namespace suffix; null when the connection is dropped instead. */
    public String errorType() {
        return errorType;
    }

    public String message() {
        return message;
    }
}
