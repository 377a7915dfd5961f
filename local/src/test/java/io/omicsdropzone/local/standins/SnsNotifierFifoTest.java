package io.omicsdropzone.local.standins;

import io.omicsdropzone.aws.SnsNotifier;
import io.omicsdropzone.domain.notification.Notification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SnsNotifier} against the SNS stand-in's FIFO topics, which refuse a publish without MessageGroupId or
 * MessageDeduplicationId as SNS does (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html).
 */
class SnsNotifierFifoTest {

    private static final String REQUEST_ID = "3fa4".repeat(16);

    private static SnsEndpoint endpoint;
    private static SnsClient sns;

    @BeforeAll
    static void start() {
        endpoint = SnsEndpoint.start();
        sns = SnsClient.builder().endpointOverride(endpoint.endpoint()).region(Region.of(StandIns.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(StandIns.CREDENTIALS))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        sns.close();
        endpoint.close();
    }

    @BeforeEach
    void clear() {
        endpoint.clear();
    }

    private static Notification notification(String type, String notificationId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("notificationId", notificationId);
        body.put("requestId", REQUEST_ID);
        return new Notification(type, notificationId, body);
    }

    @Test
    void a_fifo_topic_gets_the_drop_as_group_and_a_repeat_is_dropped_by_sns() {
        String topic = sns.createTopic(b -> b.name("omics-dropzone.fifo").attributes(Map.of("FifoTopic", "true")))
                .topicArn();
        SnsNotifier notifier = new SnsNotifier(sns, topic);
        Notification submitted = notification(Notification.BATCH_SUBMITTED,
                Notification.outcomeId(Notification.BATCH_SUBMITTED, REQUEST_ID));

        notifier.publish(submitted);
        notifier.publish(submitted); // a crash between publishing and recording it: the same notification again
        notifier.publish(notification("BatchCompleted", "BatchCompleted:7000001"));

        assertThat(endpoint.published()).hasSize(2).allSatisfy(message -> assertThat(message.topicArn())
                .isEqualTo(topic));
        assertThat(endpoint.published()).extracting(message -> message.attributes().get("notificationId"))
                .containsExactly("BatchSubmitted:" + REQUEST_ID, "BatchCompleted:7000001");
        assertThat(endpoint.duplicatesDropped()).isEqualTo(1);
    }

    @Test
    void a_standard_topic_gets_neither_fifo_id() {
        SnsNotifier notifier = new SnsNotifier(sns, "arn:aws:sns:" + StandIns.REGION + ":" + StandIns.ACCOUNT_ID
                + ":omics-dropzone");

        notifier.publish(notification(Notification.FILE_REJECTED, "FileRejected:" + REQUEST_ID));
        notifier.publish(notification(Notification.FILE_REJECTED, "FileRejected:" + REQUEST_ID));

        assertThat(endpoint.published()).hasSize(2); // at least once: a standard topic delivers the repeat
    }
}
