package io.omicsdropzone.signed;

import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.json.JsonWriter;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two SQS calls of the operator's {@code redrive-failures}, ReceiveMessage and DeleteMessage, signed by hand
 * (signing name {@code sqs}) in the AWS JSON 1.0 protocol the SDK uses for SQS: {@code POST /} to the service
 * endpoint, {@code X-Amz-Target: AmazonSQS.<Operation>}, {@code Content-Type: application/x-amz-json-1.0}
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-json.html).
 * Signing two calls by hand keeps the {@code sqs} module (0.7 MB compressed) out of the one artifact, instead of a
 * second, CLI-only artifact that would have to be built, documented and kept in step with this one.
 */
public final class SignedSqsQueue {

    static final String SIGNING_NAME = "sqs";
    static final int MAX_ATTEMPTS = 3;

    /** One received message: what {@code redrive-failures} reads and deletes. */
    public record Message(String messageId, String receiptHandle, String body) {
    }

    private final SignedAwsCall call;

    public SignedSqsQueue(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint) {
        this.call = new SignedAwsCall(http, credentials, region, SIGNING_NAME, endpoint, MAX_ATTEMPTS,
                response -> JsonErrors.read("Sqs", response));
    }

    /**
     * ReceiveMessage: up to {@code max} (1–10) messages, each hidden for {@code visibilitySeconds}
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html).
     */
    public List<Message> receive(String queueUrl, int max, int visibilitySeconds, int waitSeconds) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("QueueUrl", queueUrl);
        request.put("MaxNumberOfMessages", max);
        request.put("VisibilityTimeout", visibilitySeconds);
        request.put("WaitTimeSeconds", waitSeconds);
        Map<String, Object> response = send("ReceiveMessage", request);
        List<Message> messages = new ArrayList<>();
        if (response.get("Messages") instanceof List<?> received) {
            for (Object item : received) {
                if (item instanceof Map<?, ?> message) {
                    messages.add(new Message(JsonReader.text(message, "MessageId"),
                            JsonReader.text(message, "ReceiptHandle"), JsonReader.text(message, "Body")));
                }
            }
        }
        return messages;
    }

    /** DeleteMessage (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html). */
    public void delete(String queueUrl, String receiptHandle) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("QueueUrl", queueUrl);
        request.put("ReceiptHandle", receiptHandle);
        send("DeleteMessage", request);
    }

    private Map<String, Object> send(String operation, Map<String, Object> request) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Target", "AmazonSQS." + operation);
        headers.put("Content-Type", "application/x-amz-json-1.0");
        SignedAwsCall.Response response = call.call(SdkHttpMethod.POST, "/", headers,
                JsonWriter.write(request).getBytes(StandardCharsets.UTF_8));
        return response.body().isBlank() ? Map.of() : JsonReader.readObject(response.body());
    }
}
