package io.omicsdropzone.aws;

import io.omicsdropzone.domain.Notification;
import io.omicsdropzone.domain.Notifier;
import io.omicsdropzone.json.JsonWriter;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.util.Map;

/**
 * Publishes notifications to one SNS topic: JSON body; {@code type} and {@code notificationId} message attributes.
 * {@code type} is for subscription filter policies. {@code notificationId} is for de-duplication by subscribers: a
 * standard topic delivers at least once and this dropzone may publish the same notification again after a crash, and a
 * filter policy cannot drop a repeat (it sees one message at a time), so a subscriber keeps the ids it has recently
 * seen ("Amazon SNS message attributes", https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html;
 * "Amazon SNS message delivery", https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html).
 */
public final class SnsNotifier implements Notifier {

    /** SNS refuses messages over 256 KB; the body is shrunk (errors cut) to stay below this. */
    static final int MAX_MESSAGE_BYTES = 250 * 1024;

    private final SnsClient sns;
    private final String topicArn;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void publish(Notification notification) {
        sns.publish(b -> b.topicArn(topicArn)
                .subject(notification.type())
                .message(body(notification))
                .messageAttributes(attributes(notification)));
    }

    static Map<String, MessageAttributeValue> attributes(Notification notification) {
        return Map.of(
                "type", stringAttribute(notification.type()),
                "notificationId", stringAttribute(notification.notificationId()));
    }

    private static MessageAttributeValue stringAttribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    static String body(Notification notification) {
        String json = JsonWriter.write(notification.body());
        int errors = notification.errors().size();
        while (utf8Length(json) > MAX_MESSAGE_BYTES && errors > 0) {
            errors /= 2;
            var shrunk = new java.util.LinkedHashMap<>(notification.body());
            shrunk.put("errors", notification.errors().subList(0, errors));
            json = JsonWriter.write(shrunk);
        }
        return json;
    }

    private static int utf8Length(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
