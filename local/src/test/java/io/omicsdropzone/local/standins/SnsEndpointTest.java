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

    // ---- FIFO topics (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html,
    //      https://docs.aws.amazon.com/sns/latest/dg/fifo-message-dedup.html) ------------------------------------

    private static String fifoTopic(String name, Map<String, String> attributes) {
        Map<String, String> all = new HashMap<>(attributes);
        all.put("FifoTopic", "true");
        return sns.createTopic(b -> b.name(name).attributes(all)).topicArn();
    }

    @Test
    void aFifoTopicNeedsAFifoNameAndTheFifoAttribute() {
        assertThatThrownBy(() -> sns.createTopic(b -> b.name("drops.fifo")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.createTopic(b -> b.name("drops").attributes(Map.of("FifoTopic", "true"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("must end with .fifo");
        assertThat(fifoTopic("drops.fifo", Map.of())).endsWith(":drops.fifo");
    }

    @Test
    void aFifoPublishWithoutAGroupOrADeduplicationIdIsRefused() {
        String topic = fifoTopic("refuses.fifo", Map.of());

        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(topic).message("m").messageDeduplicationId("d1")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("MessageGroupId parameter is required for FIFO topics");
                });
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(topic).message("m").messageGroupId("g")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("ContentBasedDeduplication enabled or MessageDeduplicationId provided");
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(topic).message("m").messageGroupId("g")
                .messageDeduplicationId("x".repeat(129)))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(topic).message("m").messageGroupId("a group")
                .messageDeduplicationId("d"))).isInstanceOf(InvalidParameterException.class); // a space is not allowed
        assertThat(endpoint.published()).isEmpty();
    }

    @Test
    void aRepeatedDeduplicationIdIsAcceptedButNotDeliveredForFiveMinutes() {
        String topic = fifoTopic("dedup.fifo", Map.of());
        MutableClock clock = new MutableClock();
        endpoint.deduplicationClock(clock);
        try {
            PublishResponse first = sns.publish(b -> b.topicArn(topic).message("one").messageGroupId("r1")
                    .messageDeduplicationId("BatchSubmitted:r1"));
            clock.advance(java.time.Duration.ofMinutes(4).plusSeconds(59));
            PublishResponse repeat = sns.publish(b -> b.topicArn(topic).message("one again").messageGroupId("r1")
                    .messageDeduplicationId("BatchSubmitted:r1"));
            sns.publish(b -> b.topicArn(topic).message("other").messageGroupId("r1")
                    .messageDeduplicationId("BatchCompleted:7"));
            clock.advance(java.time.Duration.ofSeconds(1)); // five minutes after the first: a new message
            sns.publish(b -> b.topicArn(topic).message("late").messageGroupId("r1")
                    .messageDeduplicationId("BatchSubmitted:r1"));

            assertThat(first.sequenceNumber()).isNotBlank();
            assertThat(repeat.messageId()).isEqualTo(first.messageId());
            assertThat(endpoint.published()).extracting(SnsEndpoint.PublishedMessage::message)
                    .containsExactly("one", "other", "late");
            assertThat(endpoint.duplicatesDropped()).isEqualTo(1);
        } finally {
            endpoint.deduplicationClock(java.time.Clock.systemUTC());
        }
    }

    @Test
    void contentBasedDeduplicationHashesTheBodyAndAnExplicitIdStillWins() {
        String topic = fifoTopic("content.fifo", Map.of("ContentBasedDeduplication", "true"));

        sns.publish(b -> b.topicArn(topic).message("same").messageGroupId("g"));
        sns.publish(b -> b.topicArn(topic).message("same").messageGroupId("g")
                .messageAttributes(Map.of("a", MessageAttributeValue.builder().dataType("String").stringValue("x")
                        .build()))); // attributes are not part of the hash
        sns.publish(b -> b.topicArn(topic).message("same").messageGroupId("g").messageDeduplicationId("explicit"));

        assertThat(endpoint.published()).hasSize(2);
        assertThat(endpoint.duplicatesDropped()).isEqualTo(1);
    }

    @Test
    void withMessageGroupScopeTheSameDeduplicationIdInAnotherGroupIsDelivered() {
        String topic = fifoTopic("per-group.fifo", Map.of("FifoThroughputScope", "MessageGroup"));

        sns.publish(b -> b.topicArn(topic).message("a").messageGroupId("r1").messageDeduplicationId("d"));
        sns.publish(b -> b.topicArn(topic).message("b").messageGroupId("r2").messageDeduplicationId("d"));
        sns.publish(b -> b.topicArn(topic).message("c").messageGroupId("r1").messageDeduplicationId("d"));

        assertThat(endpoint.published()).extracting(SnsEndpoint.PublishedMessage::message).containsExactly("a", "b");
        assertThat(endpoint.duplicatesDropped()).isEqualTo(1);
    }

    @Test
    void aStandardTopicRefusesADeduplicationIdAndTakesAGroupId() {
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(TOPIC).message("m").messageDeduplicationId("d")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("MessageDeduplicationId");
        PublishResponse grouped = sns.publish(b -> b.topicArn(TOPIC).message("m").messageGroupId("g"));

        assertThat(grouped.sequenceNumber()).isNull();
        assertThat(endpoint.published()).singleElement()
                .satisfies(message -> assertThat(message.messageId()).isEqualTo(grouped.messageId()));
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends java.time.Clock {
        private volatile java.time.Instant now = java.time.Instant.now();

        void advance(java.time.Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
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
