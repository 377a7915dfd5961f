package io.omicsdropzone.local.standins;

import io.omicsdropzone.aws.AwsClients;
import io.omicsdropzone.signed.SignedSqsQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The artifact's hand-signed Lambda Invoke and SQS Receive/DeleteMessage against the stand-ins, which check SigV4
 * (signing names {@code lambda} and {@code sqs}) as the services do: accepted with the right keys, refused with others.
 */
class SignedCallsTest {

    private static final String ALIAS_ARN = "arn:aws:lambda:us-east-1:123456789012:function:omics-dropzone-submit:live";
    private static final String EVENT = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"object\":{\"key\":\"a+b.json\"}}}]}";

    private static LambdaEndpoint lambda;
    private static SqsEndpoint sqs;
    private static AwsClients clients;
    private static final List<String> delivered = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        lambda = LambdaEndpoint.start();
        sqs = SqsEndpoint.start();
        lambda.register(ALIAS_ARN, payload -> {
            delivered.add(payload);
            return "{}";
        });
        clients = clients(StaticCredentialsProvider.create(StandIns.CREDENTIALS));
    }

    @AfterAll
    static void stop() {
        clients.close();
        sqs.close();
        lambda.close();
    }

    private static AwsClients clients(AwsCredentialsProvider credentials) {
        URI unused = URI.create("http://127.0.0.1:9");
        return AwsClients.forEndpoints(Region.of(StandIns.REGION), credentials, unused, unused, unused, unused,
                URI.create(lambda.endpoint() + "/"), sqs.endpoint());
    }

    @Test
    void an_event_invoke_of_the_alias_arn_is_accepted_and_delivers_the_payload() throws InterruptedException {
        delivered.clear();
        lambda.clear();

        clients.lambda().invokeEvent(ALIAS_ARN, EVENT);

        assertThat(lambda.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(delivered).containsExactly(EVENT);
        assertThat(lambda.invocations()).singleElement().satisfies(invocation -> {
            assertThat(invocation.functionName()).isEqualTo("omics-dropzone-submit");
            assertThat(invocation.qualifier()).isEqualTo("live");
            assertThat(invocation.invocationType()).isEqualTo("Event");
            assertThat(invocation.status()).isEqualTo(202);
        });
    }

    @Test
    void the_qualifier_parameter_names_the_alias_too() throws InterruptedException {
        delivered.clear();

        clients.lambda().invokeEvent("omics-dropzone-submit", "live", "{}");

        assertThat(lambda.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(delivered).containsExactly("{}");
    }

    @Test
    void an_unknown_function_is_the_service_s_404_with_its_error_code() {
        assertThatThrownBy(() -> clients.lambda().invokeEvent("no-such-function", "{}"))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.getMessage()).contains("Service: Lambda", "Status Code: 404");
                });
    }

    @Test
    void a_throttled_invoke_is_retried_like_the_sdk_retries_it() throws InterruptedException {
        delivered.clear();
        lambda.throttleNext(2);

        clients.lambda().invokeEvent(ALIAS_ARN, "{\"after\":\"throttling\"}");

        assertThat(lambda.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(delivered).containsExactly("{\"after\":\"throttling\"}");
    }

    @Test
    void requests_signed_with_other_keys_are_refused_by_both_stand_ins() {
        try (AwsClients wrong = clients(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAWRONGWRONGWRONG0", "not-the-secret")))) {
            assertThatThrownBy(() -> wrong.lambda().invokeEvent(ALIAS_ARN, "{}"))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            String queueUrl = sqs.createQueue("signed-refused");
            assertThatThrownBy(() -> wrong.sqs().receive(queueUrl, 1, 30, 0))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.statusCode()).isIn(400, 403));
        }
    }

    @Test
    void messages_are_received_hidden_for_the_visibility_timeout_and_deleted_by_receipt_handle() {
        String queueUrl = sqs.createQueue("signed-receive");
        sqs.sendMessage(queueUrl, "{\"requestPayload\":{}}");
        sqs.sendMessage(queueUrl, "second");

        List<SignedSqsQueue.Message> received = clients.sqs().receive(queueUrl, 10, 300, 0);

        assertThat(received).extracting(SignedSqsQueue.Message::body)
                .containsExactlyInAnyOrder("{\"requestPayload\":{}}", "second");
        assertThat(received).allSatisfy(m -> assertThat(m.messageId()).isNotBlank());
        assertThat(clients.sqs().receive(queueUrl, 10, 300, 0)).isEmpty(); // both invisible now
        received.forEach(m -> clients.sqs().delete(queueUrl, m.receiptHandle()));
        assertThat(sqs.messageBodies(queueUrl)).isEmpty();
    }

    @Test
    void an_unknown_queue_is_the_service_s_error() {
        String missing = sqs.createQueue("signed-exists").replace("signed-exists", "signed-missing");

        assertThatThrownBy(() -> clients.sqs().receive(missing, 1, 30, 0))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("QueueDoesNotExist");
                });
    }
}
