package io.omicsdropzone.aws;

import io.omicsdropzone.domain.notification.Notification;
import io.omicsdropzone.json.JsonReader;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SnsNotifierTest {

    private static Notification rejection(int errors, int errorLength) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < errors; i++) {
            list.add(i + " " + "x".repeat(errorLength));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", "r1");
        body.put("errors", list);
        return new Notification(Notification.FILE_REJECTED, Notification.outcomeId(Notification.FILE_REJECTED, "r1"),
                body);
    }

    @Test
    void type_and_notification_id_are_string_message_attributes() {
        Map<String, MessageAttributeValue> attributes = SnsNotifier.attributes(rejection(1, 1));

        assertThat(attributes).containsOnlyKeys("type", "notificationId");
        assertThat(attributes.get("type").stringValue()).isEqualTo("FileRejected");
        assertThat(attributes.get("notificationId").stringValue()).isEqualTo("FileRejected:r1");
        assertThat(attributes.values()).allSatisfy(value -> assertThat(value.dataType()).isEqualTo("String"));
    }

    @Test
    void the_message_carries_the_notification_id_even_when_errors_are_cut_to_fit() {
        Notification huge = rejection(400, 1_000);

        Map<String, Object> body = SnsNotifier.body(huge);
        String envelope = SnsNotifier.envelope(body, NotificationEmail.of(body));
        Map<String, Object> perProtocol = JsonReader.readObject(envelope);
        Map<String, Object> parsed = JsonReader.readObject((String) perProtocol.get("default"));

        // The whole per-protocol message counts, JSON escaping and the e-mail text included.
        assertThat(envelope.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SnsNotifier.MAX_MESSAGE_BYTES);
        assertThat(perProtocol).containsOnlyKeys("default", "email");
        assertThat(parsed).containsEntry("notificationId", "FileRejected:r1").containsEntry("type", "FileRejected");
        assertThat((List<?>) parsed.get("errors")).hasSizeBetween(1, 399);
        assertThat((String) perProtocol.get("email")).contains("Notification id FileRejected:r1");
    }

    @Test
    void a_small_notification_is_sent_whole() {
        Notification small = rejection(3, 10);

        assertThat(SnsNotifier.body(small)).isEqualTo(small.body());
    }

    private static Notification fifoNotification(String type, String notificationId) {
        return new Notification(type, notificationId, Map.of("requestId", REQUEST_ID));
    }

    private static final String REQUEST_ID = "3fa4".repeat(16);

    @Test
    void fifo_ids_are_the_drop_and_the_notification_id_or_its_hash_when_sns_would_refuse_it() {
        Notification odd = fifoNotification(Notification.DUPLICATE_FILE,
                "DuplicateFile:" + REQUEST_ID + ":" + "version id with spaces".repeat(4));

        String id = SnsNotifier.deduplicationId(odd);

        assertThat(id).startsWith("sha256:").hasSize(71).isEqualTo(SnsNotifier.deduplicationId(
                fifoNotification(Notification.DUPLICATE_FILE, odd.notificationId())));
        assertThat(SnsNotifier.deduplicationId(fifoNotification("FileRejected", "FileRejected:" + REQUEST_ID)))
                .isEqualTo("FileRejected:" + REQUEST_ID);
        assertThat(SnsNotifier.messageGroupId(odd)).isEqualTo(REQUEST_ID);
    }
}
