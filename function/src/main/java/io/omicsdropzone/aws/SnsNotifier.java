package io.omicsdropzone.aws;

import io.omicsdropzone.domain.Notification;
import io.omicsdropzone.domain.Notifier;
import io.omicsdropzone.json.JsonWriter;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes notifications to one SNS topic with one message per protocol ({@code MessageStructure=json}): e-mail
 * subscribers get {@link NotificationEmail}'s short text, every other protocol (SQS, Lambda, HTTP/S, email-json) the
 * JSON body unchanged as the {@code default} entry ("Publish", MessageStructure,
 * https://docs.aws.amazon.com/sns/latest/api/API_Publish.html); the subject says what happened. The {@code type} and
 * {@code notificationId} message attributes go with every protocol.
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
        Map<String, Object> body = body(notification);
        NotificationEmail email = NotificationEmail.of(body);
        sns.publish(b -> b.topicArn(topicArn)
                .subject(email.subject())
                .messageStructure("json")
                .message(envelope(body, email))
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

    /** The per-protocol message: the JSON body for everyone, the text for e-mail. */
    static String envelope(Map<String, Object> body, NotificationEmail email) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("default", JsonWriter.write(body));
        envelope.put("email", email.text());
        return JsonWriter.write(envelope);
    }

    /**
     * The notification's body, with its error list halved until the whole per-protocol message (both versions, JSON
     * escaping included) stays under the size limit.
     */
    static Map<String, Object> body(Notification notification) {
        Map<String, Object> body = notification.body();
        int errors = notification.errors().size();
        while (utf8Length(envelope(body, NotificationEmail.of(body))) > MAX_MESSAGE_BYTES && errors > 0) {
            errors /= 2;
            Map<String, Object> shrunk = new LinkedHashMap<>(notification.body());
            shrunk.put("errors", notification.errors().subList(0, errors));
            body = shrunk;
        }
        return body;
    }

    private static int utf8Length(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
