package io.omicsdropzone.local.standins.faults;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An error reply in the service's own wire format and status, so the SDK parses it into the same exception (and makes
 * the same retry decision) as it would for the real service. {@code code} names the fault kind in the counters.
 */
public record ServiceError(Service service, int status, String code, String message) {

    // --- S3: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (List of error codes) ---

    /** 503 SlowDown: "Please reduce your request rate." Retried by the SDK as throttling. */
    public static ServiceError s3SlowDown() {
        return new ServiceError(Service.S3, 503, "SlowDown", "Please reduce your request rate.");
    }

    /** 500 InternalError: "We encountered an internal error. Please try again." Retried by the SDK. */
    public static ServiceError s3InternalError() {
        return new ServiceError(Service.S3, 500, "InternalError", "We encountered an internal error. Please try again.");
    }

    /** 403 AccessDenied: "Access Denied". Not retried. */
    public static ServiceError s3AccessDenied() {
        return new ServiceError(Service.S3, 403, "AccessDenied", "Access Denied");
    }

    // --- DynamoDB: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
    //     (Error messages and codes) ---

    /** 400 ProvisionedThroughputExceededException; the SDKs retry it automatically (same page). */
    public static ServiceError dynamoDbProvisionedThroughputExceeded() {
        return new ServiceError(Service.DYNAMODB, 400, "ProvisionedThroughputExceededException",
                "The level of configured provisioned throughput for the table was exceeded. Consider increasing your "
                        + "provisioning level with the UpdateTable API.");
    }

    /** 400 ThrottlingException: "Rate of requests exceeds the allowed throughput." */
    public static ServiceError dynamoDbThrottling() {
        return new ServiceError(Service.DYNAMODB, 400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.");
    }

    /** 500 InternalServerError: "The server encountered an internal error trying to fulfill the request." */
    public static ServiceError dynamoDbInternalServerError() {
        return new ServiceError(Service.DYNAMODB, 500, "InternalServerError",
                "The server encountered an internal error trying to fulfill the request.");
    }

    // --- SNS (Query protocol, XML ErrorResponse) ---

    /** 400 Throttling, the common error of https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html
     *  (ThrottlingException: "The request was denied due to request throttling", HTTP 400); query services put the
     *  code without the "Exception" suffix on the wire. The SDK counts {@code Throttling} as a throttling code. */
    public static ServiceError snsThrottling() {
        return new ServiceError(Service.SNS, 400, "Throttling", "Rate exceeded");
    }

    /** 429 Throttled, Publish's own ThrottledException (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html,
     *  Errors: "HTTP Status Code: 429"; SDK 2.57.8 maps wire code {@code Throttled} to {@code ThrottledException}). */
    public static ServiceError snsThrottled() {
        return new ServiceError(Service.SNS, 429, "Throttled", "Rate exceeded");
    }

    /** 500 InternalError (API_Publish.html, InternalErrorException: "HTTP Status Code: 500"). */
    public static ServiceError snsInternalError() {
        return new ServiceError(Service.SNS, 500, "InternalError", "Request could not be completed.");
    }

    /** Status line, headers and body as the service would send them; HEAD answers carry no body. */
    byte[] toWire(boolean head) {
        String requestId = UUID.randomUUID().toString();
        Map<String, String> headers = new LinkedHashMap<>();
        String body;
        switch (service) {
            case S3 -> {
                headers.put("x-amz-request-id", requestId.replace("-", "").substring(0, 16).toUpperCase());
                headers.put("x-amz-id-2", requestId);
                headers.put("Content-Type", "application/xml");
                body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                        + message + "</Message><RequestId>" + headers.get("x-amz-request-id")
                        + "</RequestId><HostId>" + requestId + "</HostId></Error>";
            }
            case DYNAMODB -> {
                headers.put("x-amzn-RequestId", requestId);
                headers.put("Content-Type", "application/x-amz-json-1.0");
                body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + code + "\",\"message\":\"" + message + "\"}";
            }
            default -> {
                headers.put("x-amzn-RequestId", requestId);
                headers.put("Content-Type", "text/xml");
                body = "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>"
                        + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
            }
        }
        byte[] bytes = head ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        // A correct Date keeps the SDK from suspecting clock skew on a 403.
        headers.put("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        headers.put("Content-Length", Integer.toString(head ? 0 : bytes.length));
        StringBuilder text = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        headers.forEach((name, value) -> text.append(name).append(": ").append(value).append("\r\n"));
        text.append("\r\n");
        byte[] headBytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + bytes.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
        return all;
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
