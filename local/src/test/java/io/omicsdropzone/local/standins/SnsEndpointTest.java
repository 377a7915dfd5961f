package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.SnsException;

class SnsEndpointTest {

    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:omics-dropzone";
    private static SnsEndpoint endpoint;
    private static SnsClient sns;

    @BeforeAll
    static void start() {
        endpoint = SnsEndpoint.start();
        sns = client(StandIns.CREDENTIALS);
    }

    @AfterAll
    static void stop() {
        sns.close();
        endpoint.close();
    }

    @BeforeEach
    void clear() {
        endpoint.clear();
        endpoint.requireExistingTopics(false);
    }

    @Test
    void publishRecordsTopicSubjectMessageAndStringTypedAttributes() {
        PublishResponse response = sns.publish(b -> b.topicArn(TOPIC)
                .subject("Run batch 7000001 submitted")
                .message("{\"status\":\"SUBMITTED\",\"key\":\"a&b=c+d ü 🧬\"}")
                .messageAttributes(Map.of(
                        "status", MessageAttributeValue.builder().dataType("String").stringValue("SUBMITTED").build(),
                        "runCount", MessageAttributeValue.builder().dataType("Number").stringValue("3").build(),
                        "blob", MessageAttributeValue.builder().dataType("Binary")
                                .binaryValue(SdkBytes.fromUtf8String("x")).build())));

        assertThat(endpoint.published()).singleElement().satisfies(message -> {
            assertThat(message.messageId()).isEqualTo(response.messageId());
            assertThat(message.topicArn()).isEqualTo(TOPIC);
            assertThat(message.subject()).isEqualTo("Run batch 7000001 submitted");
            assertThat(message.message()).isEqualTo("{\"status\":\"SUBMITTED\",\"key\":\"a&b=c+d ü 🧬\"}");
            assertThat(message.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("status", "SUBMITTED", "runCount", "3"));
        });
    }

    @Test
    void aJsonStructuredMessageDeliversItsProtocolEntryOrTheDefault() {
        sns.publish(b -> b.topicArn(TOPIC).messageStructure("json")
                .message("{\"default\":\"{\\\"type\\\":\\\"BatchSubmitted\\\"}\",\"email\":\"Batch 7000001 submitted\\nsecond line\","
                        + "\"sqs\":17,\"carrier-pigeon\":\"ignored\"}"));

        assertThat(endpoint.published()).singleElement().satisfies(message -> {
            assertThat(message.message()).isEqualTo("{\"type\":\"BatchSubmitted\"}");
            assertThat(message.messageFor("email")).isEqualTo("Batch 7000001 submitted\nsecond line");
            // a non-string protocol entry is ignored: SQS gets the default; unknown keys are ignored
            assertThat(message.messageFor("sqs")).isEqualTo("{\"type\":\"BatchSubmitted\"}");
            assertThat(message.messageFor("lambda")).isEqualTo("{\"type\":\"BatchSubmitted\"}");
            assertThat(message.protocolMessages()).containsOnlyKeys("email");
        });
    }

    @Test
    void aJsonStructuredMessageNeedsAStringDefaultAndNoDuplicateKeys() {
        for (String body : new String[] {"{\"email\":\"x\"}", "{\"default\":{\"a\":1}}", "not json",
                "{\"default\":\"a\",\"default\":\"b\"}"}) {
            assertThatThrownBy(() -> sns.publish(b -> b.topicArn(TOPIC).messageStructure("json").message(body)))
                    .as(body)
                    .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.getMessage())
                            .contains("Invalid parameter: Message Structure"));
        }
        assertThat(endpoint.published()).isEmpty();
    }

    @Test
    void publishWithoutSubjectOrAttributesRecordsNullSubjectAndNoAttributes() {
        sns.publish(b -> b.topicArn(TOPIC).message("plain"));

        assertThat(endpoint.published()).singleElement().satisfies(message -> {
            assertThat(message.subject()).isNull();
            assertThat(message.attributes()).isEmpty();
        });
    }

    @Test
    void createTopicReturnsAnArnThatPublishAccepts() {
        String arn = sns.createTopic(b -> b.name("drops")).topicArn();
        endpoint.requireExistingTopics(true);

        sns.publish(b -> b.topicArn(arn).message("hello"));

        assertThat(arn).isEqualTo("arn:aws:sns:us-east-1:123456789012:drops");
        assertThat(endpoint.published()).extracting(SnsEndpoint.PublishedMessage::topicArn).containsExactly(arn);
    }

    @Test
    void unknownTopicsAreNotFoundWhenExistingTopicsAreRequired() {
        endpoint.requireExistingTopics(true);

        assertThatThrownBy(() -> sns.publish(b -> b.topicArn("arn:aws:sns:us-east-1:123456789012:never-created").message("x")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThat(endpoint.published()).isEmpty();
    }

    @Test
    void malformedTopicArnsAreInvalidParameters() {
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn("omics-dropzone").message("x")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameter");
                });
    }

    @Test
    void subjectsWithLineBreaksOrOverAHundredCharactersAreRejected() {
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(TOPIC).subject("two\nlines").message("x")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(TOPIC).subject("s".repeat(101)).message("x")))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(endpoint.published()).isEmpty();
    }

    @Test
    void moreThanTenMessageAttributesAreRejected() {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        for (int i = 0; i < 11; i++) {
            attributes.put("a" + i, MessageAttributeValue.builder().dataType("String").stringValue("v").build());
        }

        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(TOPIC).message("x").messageAttributes(attributes)))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("exceeds the allowed maximum [10]");
    }

    @Test
    void oneInjectedFailureIsRetriedByTheSdkAndSucceeds() {
        endpoint.failNextPublishes(1);

        sns.publish(b -> b.topicArn(TOPIC).message("after a retry"));

        assertThat(endpoint.publishCalls()).isEqualTo(2);
        assertThat(endpoint.published()).extracting(SnsEndpoint.PublishedMessage::message).containsExactly("after a retry");
    }

    @Test
    void failuresBeyondTheSdkAttemptsSurfaceAsInternalError() {
        endpoint.failNextPublishes(10);

        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(TOPIC).message("lost")))
                .isInstanceOfSatisfying(SnsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
                });
        assertThat(endpoint.published()).isEmpty();
        assertThat(endpoint.publishCalls()).isEqualTo(3);
    }

    @Test
    void requestsSignedWithAnotherSecretAreForbidden() {
        try (SnsClient wrong = client(AwsBasicCredentials.create(StandIns.CREDENTIALS.accessKeyId(), "wrong"))) {
            assertThatThrownBy(() -> wrong.publish(b -> b.topicArn(TOPIC).message("x")))
                    .isInstanceOfSatisfying(SnsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
        assertThat(endpoint.published()).isEmpty();
    }

    @Test
    void unsignedRequestsAreForbiddenWithTheXmlErrorShape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.endpoint().resolve("/"))
                        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString("Action=Publish&Version=2010-03-31&TopicArn="
                                + java.net.URLEncoder.encode(TOPIC, java.nio.charset.StandardCharsets.UTF_8) + "&Message=x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<ErrorResponse", "<Type>Sender</Type>",
                "<Code>MissingAuthenticationToken</Code>", "<RequestId>");
        assertThat(endpoint.published()).isEmpty();
    }

    @Test
    void unknownActionsAreInvalidActions() {
        assertThatThrownBy(() -> sns.listTopics())
                .isInstanceOfSatisfying(SnsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
                });
    }

    private static SnsClient client(AwsCredentials credentials) {
        return SnsClient.builder()
                .endpointOverride(URI.create(endpoint.endpoint().toString()))
                .region(Region.of(StandIns.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
    }
}
