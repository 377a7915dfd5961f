package io.omicsdropzone.aws;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropResumer;
import io.omicsdropzone.handler.S3EventJson;

import java.time.Clock;

/**
 * Resumes a stuck drop by invoking the submit function's alias asynchronously with a synthetic ObjectCreated event
 * for the same object. The reconciler so needs only {@code lambda:InvokeFunction} on that alias, and the resume gets
 * Lambda's own retries and failure destination like any delivery. {@link #payload} builds what is sent;
 * {@link SignedLambdaInvoke} only carries it.
 */
public final class LambdaDropResumer implements DropResumer {

    /** The name S3 gives a PUT; the submit path treats every {@code ObjectCreated:*} record alike. */
    public static final String EVENT_NAME = "ObjectCreated:Put";

    private final SignedLambdaInvoke lambda;
    private final String submitFunction;
    private final Clock clock;

    public LambdaDropResumer(SignedLambdaInvoke lambda, String submitFunction, Clock clock) {
        this.lambda = lambda;
        this.submitFunction = submitFunction;
        this.clock = clock;
    }

    @Override
    public void resume(Drop drop) {
        try {
            lambda.invokeEvent(submitFunction, payload(drop));
        } catch (IllegalStateException unexpectedStatus) {
            throw new IllegalStateException(unexpectedStatus.getMessage() + " for requestId=" + drop.requestId(),
                    unexpectedStatus);
        }
    }

    /** The event the submit function receives for {@code drop}. */
    String payload(Drop drop) {
        return S3EventJson.objectCreated(drop.object(), clock.instant(), EVENT_NAME);
    }
}
