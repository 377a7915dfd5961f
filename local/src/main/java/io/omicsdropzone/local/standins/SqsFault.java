package io.omicsdropzone.local.standins;

/**
 * An SQS error as the AWS JSON protocol carries it: the HTTP status, the {@code __type} shape name (without the
 * {@code com.amazonaws.sqs#} namespace) and the legacy Query error code that SDKs read from {@code x-amzn-query-error}.
 * See "Interpreting Amazon SQS JSON API responses" in the SQS Developer Guide
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-api-responses.html).
 */
final class SqsFault extends RuntimeException {

    private final int status;
    private final String type;
    private final String queryCode;

    SqsFault(int status, String type, String queryCode, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.queryCode = queryCode;
    }

    /** API Reference, every action's Errors: QueueDoesNotExist, HTTP 400, legacy code AWS.SimpleQueueService.NonExistentQueue. */
    static SqsFault queueDoesNotExist() {
        return new SqsFault(400, "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue",
                "The specified queue does not exist.");
    }

    static SqsFault invalidParameterValue(String message) {
        return new SqsFault(400, "InvalidParameterValue", "InvalidParameterValue", message);
    }

    static SqsFault missingParameter(String name) {
        return new SqsFault(400, "MissingParameter", "MissingParameter",
                "The request must contain the parameter " + name + ".");
    }

    /** API_DeleteMessage / API_ChangeMessageVisibility: ReceiptHandleIsInvalid, HTTP 400. */
    static SqsFault receiptHandleIsInvalid(String handle) {
        return new SqsFault(400, "ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid",
                "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    /** What {@code x-amzn-query-error} carries: the legacy code, then Sender (client fault) or Receiver. */
    String queryErrorHeader() {
        return queryCode + ";" + (status >= 500 ? "Receiver" : "Sender");
    }
}
