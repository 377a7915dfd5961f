package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

class SqsEndpointTest {

    /** A clock the test moves by hand, so visibility timeouts expire without sleeping. */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-06-01T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static final TestClock CLOCK = new TestClock();
    private static SqsEndpoint endpoint;
    private static SqsClient sqs;
    private String queueUrl;

    @BeforeAll
    static void start() {
        endpoint = SqsEndpoint.start(StandIns.REGION, StandIns.ACCOUNT_ID, StandIns.CREDENTIALS, CLOCK);
        sqs = client(StandIns.CREDENTIALS);
    }

    @AfterAll
    static void stop() {
        sqs.close();
        endpoint.close();
    }

    @BeforeEach
    void freshQueue() {
        endpoint.clear();
        endpoint.longPollCap(Duration.ofSeconds(20));
        queueUrl = sqs.createQueue(b -> b.queueName("submit-failures")).queueUrl();
    }

    @Test
    void createQueueAnswersTheLocalUrlAndGetQueueUrlFindsIt() {
        assertThat(queueUrl).isEqualTo(endpoint.endpoint() + "/123456789012/submit-failures");
        assertThat(sqs.getQueueUrl(b -> b.queueName("submit-failures")).queueUrl()).isEqualTo(queueUrl);
        assertThat(sqs.createQueue(b -> b.queueName("submit-failures")).queueUrl()).isEqualTo(queueUrl);
    }

    @Test
    void createQueueWithOtherAttributeValuesForAnExistingNameIsQueueNameExists() {
        assertThatThrownBy(() -> sqs.createQueue(b -> b.queueName("submit-failures")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5"))))
                .isInstanceOf(QueueNameExistsException.class);
    }

    @Test
    void unknownQueuesAreQueueDoesNotExistWithTheLegacyCode() {
        assertThatThrownBy(() -> sqs.getQueueUrl(b -> b.queueName("never-made")))
                .isInstanceOfSatisfying(QueueDoesNotExistException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
                });
        assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(endpoint.endpoint() + "/123456789012/gone").messageBody("x")))
                .isInstanceOf(QueueDoesNotExistException.class);
    }

    @Test
    void sentMessagesAreReceivedWithBodyMd5ReceiveCountAndMessageAttributes() {
        String messageId = sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"drop\":\"ü 🧬\"}")
                .messageAttributes(Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("redrive").build())))
                .messageId();

        ReceiveMessageResponse response = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All"));

        assertThat(response.messages()).singleElement().satisfies(message -> {
            assertThat(message.messageId()).isEqualTo(messageId);
            assertThat(message.body()).isEqualTo("{\"drop\":\"ü 🧬\"}");
            assertThat(message.attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1");
            assertThat(message.messageAttributes().get("kind").stringValue()).isEqualTo("redrive");
        });
    }

    @Test
    void maxNumberOfMessagesLimitsOneReceiveAndOutOfRangeValuesAreInvalid() {
        for (int i = 0; i < 12; i++) {
            endpoint.sendMessage(queueUrl, "m" + i);
        }

        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages()).hasSize(10);
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages())
                .extracting(m -> m.body()).containsExactly("m10", "m11");
        assertThatThrownBy(() -> sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(11)))
                .isInstanceOfSatisfying(SqsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                });
    }

    @Test
    void aReceivedMessageIsInvisibleUntilItsVisibilityTimeoutPassesThenComesBackWithAHigherReceiveCount() {
        endpoint.sendMessage(queueUrl, "stuck drop");

        var first = sqs.receiveMessage(b -> b.queueUrl(queueUrl).visibilityTimeout(30)).messages();
        CLOCK.advance(Duration.ofSeconds(29));
        var during = sqs.receiveMessage(b -> b.queueUrl(queueUrl)).messages();
        assertThat(counts()).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "1");
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(counts()).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "1")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
        var again = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();

        assertThat(first).hasSize(1);
        assertThat(during).isEmpty();
        assertThat(again).singleElement().satisfies(message -> {
            assertThat(message.messageId()).isEqualTo(first.get(0).messageId());
            assertThat(message.receiptHandle()).isNotEqualTo(first.get(0).receiptHandle());
            assertThat(message.attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
        });
    }

    @Test
    void deleteWithTheCurrentHandleRemovesTheMessage() {
        endpoint.sendMessage(queueUrl, "handled");
        String handle = sqs.receiveMessage(b -> b.queueUrl(queueUrl)).messages().get(0).receiptHandle();

        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(handle));

        assertThat(endpoint.messageBodies(queueUrl)).isEmpty();
        // Deleting again succeeds: the message is simply gone (API_DeleteMessage).
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(handle));
    }

    @Test
    void deleteWithAnOldHandleAfterARedeliverySucceedsButLeavesTheMessage() {
        endpoint.sendMessage(queueUrl, "redelivered");
        String oldHandle = sqs.receiveMessage(b -> b.queueUrl(queueUrl).visibilityTimeout(10)).messages().get(0).receiptHandle();
        CLOCK.advance(Duration.ofSeconds(11));
        String newHandle = sqs.receiveMessage(b -> b.queueUrl(queueUrl)).messages().get(0).receiptHandle();

        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(oldHandle));
        assertThat(endpoint.messageBodies(queueUrl)).containsExactly("redelivered");

        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(newHandle));
        assertThat(endpoint.messageBodies(queueUrl)).isEmpty();
    }

    @Test
    void garbageOrForeignReceiptHandlesAreInvalid() {
        String otherQueue = sqs.createQueue(b -> b.queueName("other")).queueUrl();
        endpoint.sendMessage(otherQueue, "elsewhere");
        String foreign = sqs.receiveMessage(b -> b.queueUrl(otherQueue)).messages().get(0).receiptHandle();

        assertThatThrownBy(() -> sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle("not-a-handle")))
                .isInstanceOf(ReceiptHandleIsInvalidException.class);
        assertThatThrownBy(() -> sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(foreign)))
                .isInstanceOf(ReceiptHandleIsInvalidException.class);
    }

    @Test
    void changeMessageVisibilityCountsFromTheCallAndRejectsMessagesNotInFlight() {
        endpoint.sendMessage(queueUrl, "slow");
        String handle = sqs.receiveMessage(b -> b.queueUrl(queueUrl).visibilityTimeout(30)).messages().get(0).receiptHandle();
        CLOCK.advance(Duration.ofSeconds(20));

        sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(handle).visibilityTimeout(60));
        CLOCK.advance(Duration.ofSeconds(59));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl)).messages()).isEmpty();
        CLOCK.advance(Duration.ofSeconds(1));

        assertThatThrownBy(() -> sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(handle).visibilityTimeout(5)))
                .isInstanceOf(MessageNotInflightException.class);
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl)).messages()).extracting(m -> m.body()).containsExactly("slow");
    }

    @Test
    void changeMessageVisibilityToZeroReleasesTheMessageAtOnce() {
        endpoint.sendMessage(queueUrl, "give back");
        String handle = sqs.receiveMessage(b -> b.queueUrl(queueUrl)).messages().get(0).receiptHandle();

        sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(handle).visibilityTimeout(0));

        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl)).messages()).hasSize(1);
    }

    @Test
    void longPollingReturnsAMessageSentWhileItWaits() throws Exception {
        Thread producer = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            endpoint.sendMessage(queueUrl, "late");
        });
        producer.start();

        List<String> bodies = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(4)).messages()
                .stream().map(m -> m.body()).toList();
        producer.join();

        assertThat(bodies).containsExactly("late");
    }

    @Test
    void longPollingOnAnEmptyQueueEndsEmptyAtTheCap() {
        endpoint.longPollCap(Duration.ofMillis(100));

        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(20)).messages()).isEmpty();
    }

    @Test
    void delayedMessagesStayHiddenUntilTheirDelayAndOldMessagesExpireAfterTheRetentionPeriod() {
        String url = sqs.createQueue(b -> b.queueName("short-lived")
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60"))).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("later").delaySeconds(10));

        assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).isEmpty();
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes())
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "1");
        CLOCK.advance(Duration.ofSeconds(10));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0)).messages()).hasSize(1);
        CLOCK.advance(Duration.ofSeconds(50));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).isEmpty();
        assertThat(endpoint.messageBodies(url)).isEmpty();
    }

    @Test
    void purgeDeletesVisibleAndInFlightMessagesOncePerMinute() {
        endpoint.sendMessage(queueUrl, "a");
        endpoint.sendMessage(queueUrl, "b");
        sqs.receiveMessage(b -> b.queueUrl(queueUrl));

        sqs.purgeQueue(b -> b.queueUrl(queueUrl));

        assertThat(endpoint.messageBodies(queueUrl)).isEmpty();
        assertThatThrownBy(() -> sqs.purgeQueue(b -> b.queueUrl(queueUrl)))
                .isInstanceOf(PurgeQueueInProgressException.class);
        CLOCK.advance(Duration.ofSeconds(60));
        sqs.purgeQueue(b -> b.queueUrl(queueUrl));
    }

    @Test
    void getQueueAttributesRejectsUnknownNamesAndAnswersConfiguredOnes() {
        String url = sqs.createQueue(b -> b.queueName("tuned").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "45")))
                .queueUrl();

        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.QUEUE_ARN)).attributes();

        assertThat(attributes).containsExactlyInAnyOrderEntriesOf(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "45",
                QueueAttributeName.QUEUE_ARN, "arn:aws:sqs:us-east-1:123456789012:tuned"));
        assertThatThrownBy(() -> sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("Colour")))
                .isInstanceOfSatisfying(SqsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAttributeName"));
    }

    @Test
    void unsignedRequestsAreForbiddenWithTheJsonErrorShapeAndTheLegacyCodeHeader() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.endpoint().resolve("/"))
                        .header("Content-Type", "application/x-amz-json-1.0")
                        .header("X-Amz-Target", "AmazonSQS.SendMessage")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"QueueUrl\":\"" + queueUrl + "\",\"MessageBody\":\"x\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-query-error")).hasValue("MissingAuthenticationToken;Sender");
        assertThat(response.body()).contains("\"__type\":\"com.amazonaws.sqs#MissingAuthenticationToken\"", "\"message\":");
        assertThat(endpoint.messageBodies(queueUrl)).isEmpty();
    }

    @Test
    void anInjectedServerErrorIsRetriedByTheSdk() {
        endpoint.failNext("ReceiveMessage", 1, 500, "InternalError");
        endpoint.sendMessage(queueUrl, "after a retry");

        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl)).messages()).extracting(m -> m.body())
                .containsExactly("after a retry");
        assertThat(endpoint.calls("ReceiveMessage")).isEqualTo(2);
    }

    @Test
    void anInjectedClientErrorSurfacesWithItsCode() {
        endpoint.failNext("DeleteMessage", 1, 400, "ReceiptHandleIsInvalid");
        endpoint.sendMessage(queueUrl, "kept");
        String handle = sqs.receiveMessage(b -> b.queueUrl(queueUrl)).messages().get(0).receiptHandle();

        assertThatThrownBy(() -> sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(handle)))
                .isInstanceOf(ReceiptHandleIsInvalidException.class);
        assertThat(endpoint.messageBodies(queueUrl)).containsExactly("kept");
        assertThat(endpoint.calls("DeleteMessage")).isEqualTo(1);
    }

    @Test
    void requestsSignedWithAnotherSecretAreForbidden() {
        try (SqsClient wrong = client(AwsBasicCredentials.create(StandIns.CREDENTIALS.accessKeyId(), "wrong"))) {
            assertThatThrownBy(() -> wrong.sendMessage(b -> b.queueUrl(queueUrl).messageBody("x")))
                    .isInstanceOfSatisfying(SqsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
        assertThat(endpoint.messageBodies(queueUrl)).isEmpty();
    }

    private Map<QueueAttributeName, String> counts() {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    }

    private static SqsClient client(AwsCredentials credentials) {
        return SqsClient.builder()
                .endpointOverride(URI.create(endpoint.endpoint().toString()))
                .region(Region.of(StandIns.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
    }
}
