package io.omicsdropzone.aws;

import io.omicsdropzone.domain.Notification;
import io.omicsdropzone.domain.Notifier;
import io.omicsdropzone.json.JsonWriter;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.util.Map;

/** Publishes notifications to one SNS topic: JSON body, {@code type} message attribute for filter policies. */
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
                .messageAttributes(Map.of("type", MessageAttributeValue.builder()
                        .dataType("String").stringValue(notification.type()).build())));
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
