package io.omicsdropzone.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Everything that should wake someone, to the topic: an error or throttle of any function, and any message
 * waiting in a failure queue.
 */
final class DropzoneAlarms extends Construct implements GroupingConstruct {

    /** The CLI command that re-handles what waits in the submit failure queue; named in that queue's alarm. */
    static final String REDRIVE_COMMAND = "java -jar function.jar redrive-failures --queue <SubmitFailuresQueueUrl>";

    DropzoneAlarms(Construct scope, String id, DropzoneStorage storage, List<DropzoneFunction> functions) {
        super(scope, id);
        ITopic topic = storage.alarmTopic();
        queueAlarm("SubmitFailuresAlarm", storage.submitFailures(),
                "S3 drop events the submit function could not process after 2 retries (messages are waiting in "
                        + "the queue; after fixing the cause, re-handle them with: " + REDRIVE_COMMAND + ")",
                topic);
        queueAlarm("TrackingFailuresAlarm", storage.trackingFailures(),
                "Batch status events and reconciler runs that failed after their retries (messages are waiting "
                        + "in the queue)",
                topic);
        functions.forEach(function -> function.alarmTo(topic));
    }

    private void queueAlarm(String id, IQueue queue, String what, ITopic topic) {
        AnyOccurrenceAlarm.create(this, id, "omics-dropzone: " + what,
                queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(5))
                        .statistic("Maximum")
                        .build()),
                topic);
    }
}
