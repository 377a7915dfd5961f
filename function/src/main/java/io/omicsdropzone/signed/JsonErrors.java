package io.omicsdropzone.signed;

import io.omicsdropzone.json.JsonReader;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;

import java.util.Map;

/**
 * The error code and message of a failed AWS JSON (1.0/1.1 and REST-JSON) response: the code from the
 * {@code X-Amzn-ErrorType} header or the body's {@code __type} (either may carry a {@code ns#} prefix or a
 * {@code :uri} suffix), the message from {@code message} or {@code Message}
 * (https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html#operation-error-serialization).
 */
final class JsonErrors {

    private JsonErrors() {
    }

    static AwsErrorDetails read(String serviceName, SignedAwsCall.Response response) {
        Map<String, Object> body = Map.of();
        try {
            if (!response.body().isBlank()) {
                body = JsonReader.readObject(response.body());
            }
        } catch (RuntimeException notJson) {
            body = Map.of();
        }
        String code = response.header("x-amzn-ErrorType").orElse(body.get("__type") instanceof String t ? t : null);
        if (code != null) {
            code = code.substring(code.lastIndexOf('#') + 1);
            int colon = code.indexOf(':');
            code = colon < 0 ? code : code.substring(0, colon);
        }
        Object message = body.containsKey("message") ? body.get("message") : body.get("Message");
        return AwsErrorDetails.builder()
                .serviceName(serviceName)
                .errorCode(code == null ? "HTTP " + response.status() : code)
                .errorMessage(message instanceof String text ? text : "HTTP " + response.status())
                .build();
    }
}
