package io.omicsdropzone.local.standins.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omicsdropzone.local.standins.SnsEndpoint;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sns.model.ThrottledException;

class SnsFaultFrontTest extends FaultFrontTestBase {

    private static SnsClient sns;
    private static SnsClient snsNoRetry;
    private static String topic;

    @BeforeAll
    static void clients() {
        sns = sns(retries(standardRetries()));
        snsNoRetry = sns(retries(AwsRetryStrategy.doNotRetry()));
        topic = sns.createTopic(b -> b.name("faults")).topicArn();
    }

    @AfterAll
    static void closeClients() {
        sns.close();
        snsNoRetry.close();
    }

    @BeforeEach
    void forgetPublished() {
        standIns.sns().clear();
    }

    private FaultFront front() {
        return standIns.snsFaults();
    }

    @Test
    void passesASignedPublishThrough() {
        sns.publish(b -> b.topicArn(topic).message("hello"));

        assertThat(standIns.sns().published()).extracting(SnsEndpoint.PublishedMessage::message).containsExactly("hello");
        assertThat(front().requests()).isEqualTo(1);
    }

    @Test
    void throttlingIsRetriedAndPublishedOnce() {
        front().inject(FaultRule.on("Publish").respond(ServiceError.snsThrottling()).times(ATTEMPTS - 1));

        sns.publish(b -> b.topicArn(topic).message("after throttling"));

        assertThat(standIns.sns().published()).extracting(SnsEndpoint.PublishedMessage::message).containsExactly("after throttling");
        assertThat(front().requests()).isEqualTo(ATTEMPTS);
        assertThat(front().injectedByKind()).isEqualTo(Map.of("error:Throttling", (long) ATTEMPTS - 1));
    }

    @Test
    void publishThrottledOnEveryAttemptIsAThrottledException() {
        front().inject(FaultRule.on("Publish").respond(ServiceError.snsThrottled()).times(ATTEMPTS));

        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(topic).message("never")))
                .isInstanceOfSatisfying(ThrottledException.class, e -> assertThat(e.statusCode()).isEqualTo(429));
        assertThat(standIns.sns().published()).isEmpty();
        assertThat(front().requests()).isEqualTo(ATTEMPTS);
    }

    @Test
    void internalErrorIsA500AndOnlyPublishIsMatched() {
        front().inject(FaultRule.on("Publish").respond(ServiceError.snsInternalError()).times(1));

        sns.createTopic(b -> b.name("unaffected"));
        assertThatThrownBy(() -> snsNoRetry.publish(b -> b.topicArn(topic).message("never")))
                .isInstanceOfSatisfying(SnsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
                });
        assertThat(front().injectedByKind()).isEqualTo(Map.of("error:InternalError", 1L));
    }

    @Test
    void aLostPublishResponseMakesTheSdkRetryPublishTwice() {
        front().inject(FaultRule.on("Publish").dropResponse().times(1));

        sns.publish(b -> b.topicArn(topic).message("twice"));

        // SNS standard topics deliver at least once; a retried Publish after a lost answer is a duplicate.
        assertThat(standIns.sns().published()).extracting(SnsEndpoint.PublishedMessage::message).containsExactly("twice", "twice");
        assertThat(front().injectedByKind()).isEqualTo(Map.of("drop-response", 1L));
    }

    @Test
    void aResetWithoutRetriesIsAClientExceptionAndPublishesNothing() {
        front().inject(FaultRule.on("Publish").reset().times(1));

        assertThatThrownBy(() -> snsNoRetry.publish(b -> b.topicArn(topic).message("never")))
                .isInstanceOf(SdkClientException.class);
        assertThat(standIns.sns().published()).isEmpty();
    }
}
