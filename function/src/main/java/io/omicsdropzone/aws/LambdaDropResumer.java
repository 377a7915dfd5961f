package io.omicsdropzone.aws;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropResumer;
import io.omicsdropzone.handler.ResumeEvent;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.time.Clock;

/**
 * Resumes a stuck drop by invoking the submit function's alias asynchronously with a {@link ResumeEvent} naming its
 * requestId (a re-drive's drop has no S3 event of its own). The reconciler so needs only
 * {@code lambda:InvokeFunction} on that alias, and the resume gets Lambda's own retries and failure destination like
 * any delivery.
 */
public final class LambdaDropResumer implements DropResumer {

    private final LambdaClient lambda;
    private final String submitFunction;
    private final Clock clock;

    public LambdaDropResumer(LambdaClient lambda, String submitFunction, Clock clock) {
        this.lambda = lambda;
        this.submitFunction = submitFunction;
        this.clock = clock;
    }

    @Override
    public void resume(Drop drop) {
        String event = ResumeEvent.of(drop.requestId(), drop.object().bucket(), clock.instant());
        InvokeResponse response = lambda.invoke(b -> b.functionName(submitFunction)
                .invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String(event)));
        if (response.statusCode() != 202) {
            throw new IllegalStateException("Invoke of " + submitFunction + " for requestId=" + drop.requestId()
                    + " answered HTTP " + response.statusCode() + " instead of 202 Accepted");
        }
    }
}
