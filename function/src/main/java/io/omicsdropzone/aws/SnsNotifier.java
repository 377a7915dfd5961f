package io.omicsdropzone.aws;

import io.omicsdropzone.domain.notification.Notification;
import io.omicsdropzone.domain.notification.Notifier;
import io.omicsdropzone.json.JsonWriter;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

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
 *
 * <p>A FIFO topic (its ARN ends in {@code .fifo}) refuses a publish without {@code MessageGroupId}, and without
 * {@code MessageDeduplicationId} unless it has content-based deduplication ("Publish", MessageGroupId and
 * MessageDeduplicationId, https://docs.aws.amazon.com/sns/latest/api/API_Publish.html). The group is the drop's
 * requestId, so one drop's messages arrive in order; the deduplication id is the notificationId, so SNS itself drops a
 * repeat published within its 5-minute deduplication interval
 * (https://docs.aws.amazon.com/sns/latest/dg/fifo-message-dedup.html). A standard topic gets neither: the
 * deduplication id applies only to FIFO topics.
 */
public final class SnsNotifier implements Notifier {

    /** SNS refuses messages over 256 KB; the body is shrunk (errors cut) to stay below this. */
    static final int MAX_MESSAGE_BYTES = 250 * 1024;

    /** MessageGroupId and MessageDeduplicationId: at most 128 characters (API_Publish). */
    static final int MAX_FIFO_ID_LENGTH = 128;
    /** Alphanumerics and the ASCII punctuation API_Publish lists for both FIFO ids. */
    private static final Pattern FIFO_ID =
            Pattern.compile("[A-Za-z0-9!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]{1,128}");

    private final SnsClient sns;
    private final String topicArn;
    private final boolean fifo;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.fifo = topicArn.endsWith(".fifo"); // SNS requires a FIFO topic's name to end in .fifo
    }

    @Override
    public void publish(Notification notification) {
        Map<String, Object> body = body(notification);
        NotificationEmail email = NotificationEmail.of(body);
        sns.publish(b -> {
            b.topicArn(topicArn)
                    .subject(email.subject())
                    .messageStructure("json")
                    .message(envelope(body, email))
                    .messageAttributes(attributes(notification));
            if (fifo) {
                b.messageGroupId(messageGroupId(notification)).messageDeduplicationId(deduplicationId(notification));
            }
        });
    }

    /** The drop's requestId (every message names its drop), so one drop's messages keep their order. */
    static String messageGroupId(Notification notification) {
        Object requestId = notification.body().get("requestId");
        return fifoId(requestId instanceof String id ? id : notification.notificationId());
    }

    /** The notificationId when SNS accepts it as is, else a hash of it: a repeat gets the same id either way. */
    static String deduplicationId(Notification notification) {
        return fifoId(notification.notificationId());
    }

    private static String fifoId(String value) {
        if (FIFO_ID.matcher(value).matches()) {
            return value;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
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
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
