package io.omicsdropzone.aws;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.tracking.DropResumer;
import io.omicsdropzone.event.ResumeEvent;
import io.omicsdropzone.signed.SignedLambdaInvoke;

import java.time.Clock;

/**
 * Resumes a stuck drop by invoking the submit function's alias asynchronously with a {@link ResumeEvent} naming its
 * requestId (a re-drive's drop has no S3 event of its own). The reconciler so needs only
 * {@code lambda:InvokeFunction} on that alias, and the resume gets Lambda's own retries and failure destination like
 * any delivery. {@link #payload} builds what is sent; {@link SignedLambdaInvoke} only carries it.
 */
public final class LambdaDropResumer implements DropResumer {

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
        return ResumeEvent.of(drop.requestId(), drop.object().bucket(), clock.instant());
    }
}
