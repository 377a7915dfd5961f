package io.omicsdropzone.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code fifoTopic}: the notification topic becomes an SNS FIFO topic. E-mail cannot subscribe to one
 * (https://docs.aws.amazon.com/sns/latest/dg/fifo-message-delivery.html), so {@code notificationEmail} with it is
 * refused at synth; the alarms notify a standard topic of their own.
 */
class DropzoneFifoTopicTest {

    @Test
    void anEmailOnlySetUpWithAFifoTopicIsRefusedAtSynthSayingWhy() {
        assertThatThrownBy(() -> DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1",
                "fifoTopic", "true", "notificationEmail", "omics-team@example.org")::get))
                .isInstanceOfSatisfying(DropzoneConfig.InvalidContextException.class, e -> assertThat(e.problems())
                        .singleElement().asString()
                        .startsWith("Context 'fifoTopic' cannot be combined with 'notificationEmail': e-mail cannot"
                                + " subscribe to an SNS FIFO topic"));
        assertThat(DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1",
                "notificationEmail", "omics-team@example.org")::get).fifoTopic()).isFalse();
    }

    @Test
    void aFifoTopicCarriesTheNotificationsAndTheAlarmsGoToAStandardTopic() {
        Cfn cfn = new Cfn(SynthesizedStack.of(Map.of(DropzoneConfig.WORKFLOW_ID, "1234567",
                DropzoneConfig.FIFO_TOPIC, true)).json());
        Map<String, JsonNode> topics = cfn.ofType("AWS::SNS::Topic");
        String notifications = "${" + cfn.outputTarget("TopicArn") + "}";
        String alarms = "${" + cfn.outputTarget("AlarmTopicArn") + "}";

        assertThat(topics).hasSize(2);
        JsonNode fifo = cfn.properties(Cfn.target(notifications));
        assertThat(fifo.path("FifoTopic").asBoolean()).isTrue();
        assertThat(fifo.path("ContentBasedDeduplication").asBoolean(false)).isFalse();
        assertThat(cfn.properties(Cfn.target(alarms)).path("FifoTopic").isMissingNode()).isTrue();
        Map<String, JsonNode> cloudWatchAlarms = cfn.ofType("AWS::CloudWatch::Alarm");
        assertThat(cloudWatchAlarms).isNotEmpty();
        cloudWatchAlarms.values().forEach(alarm -> assertThat(Cfn.strings(alarm.path("Properties")
                .path("AlarmActions"))).containsExactly(alarms));
        // The functions publish to the FIFO topic.
        cfn.ofType("AWS::Lambda::Function").values().stream()
                .map(function -> function.path("Properties").path("Environment").path("Variables").path("TOPIC_ARN"))
                .filter(topic -> !topic.isMissingNode())
                .forEach(topic -> assertThat(Cfn.render(topic)).isEqualTo(notifications));
    }
}
