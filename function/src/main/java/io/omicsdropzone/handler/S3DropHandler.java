package io.omicsdropzone.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.app.metrics.DropOutcomeMetrics;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.submission.ResumeDrop;
import io.omicsdropzone.domain.submission.SubmitDrop;
import io.omicsdropzone.event.ResumeEvent;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.event.S3Notification;
import io.omicsdropzone.metrics.MetricsSink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Lambda entry point for S3 ObjectCreated notifications: one drop per record. A failure is thrown after every
 * record was tried, so Lambda's asynchronous retry and on-failure destination take over; records already settled
 * are no-ops on the retry.
 *
 * <p>A stream handler: the event is read by {@link S3EventJson} (jackson-core streaming), so the function carries
 * neither the events library nor joda-time, and the runtime maps nothing reflectively at cold start.
 */
public final class S3DropHandler implements RequestStreamHandler {

    /** Time kept back from the Lambda deadline to record a failure before the runtime stops us. */
    static final long SAFETY_MARGIN_MILLIS = 10_000;

    private final SubmitDrop submitDrop;
    /** Resumes drops named by the reconciler's {@link ResumeEvent}; null in tests that send only S3 events. */
    private final ResumeDrop resumeDrop;
    private final DropOutcomeMetrics metrics;
    /** Held here: the runtime's CRaC context may keep its resources only weakly. Null in tests. */
    private final SnapStartPriming priming;

    public S3DropHandler() {
        this(Dropzone.fromEnvironment(System.getenv(), System.getProperties()));
    }

    /** The runtime's path with an assembled {@link Dropzone}: also registers SnapStart priming on it. */
    public S3DropHandler(Dropzone dropzone) {
        this.submitDrop = dropzone.submitDrop();
        this.resumeDrop = dropzone.resumeDrop();
        this.metrics = dropzone.dropMetrics();
        this.priming = SnapStartPriming.register(dropzone, true);
    }

    S3DropHandler(SubmitDrop submitDrop) {
        this(submitDrop, new DropOutcomeMetrics(MetricsSink.NONE));
    }

    S3DropHandler(SubmitDrop submitDrop, DropOutcomeMetrics metrics) {
        this.submitDrop = submitDrop;
        this.resumeDrop = null;
        this.metrics = metrics;
        this.priming = null;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Instant deadline = Instant.now().plusMillis(Math.max(0, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MILLIS));
        S3Notification event = S3EventJson.parse(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        handleEvent(event, submitDrop, resumeDrop, deadline, metrics.forEvents(S3Records.eventTimes(event)));
    }

    /**
     * An S3 notification's created objects, or the reconciler's resumes ({@link ResumeEvent}); shared with the
     * local Lambda stand-in. Every record is tried before the first failure is thrown.
     */
    public static void handleEvent(S3Notification event, SubmitDrop submitDrop, ResumeDrop resumeDrop, Instant deadline,
                                   BiConsumer<DroppedObject, DropResult> settled) {
        RuntimeException failure = null;
        for (String requestId : ResumeEvent.requestIds(event)) {
            try {
                if (resumeDrop == null) {
                    throw new IllegalStateException("this handler was built without the resume path");
                }
                resumeDrop.resume(requestId, deadline);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        try {
            handle(S3Records.droppedObjects(event), submitDrop, deadline, settled);
        } catch (RuntimeException e) {
            if (failure != null) {
                e.addSuppressed(failure);
            }
            throw e;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Shared with the CLI's {@code handle} command so it behaves exactly as the Lambda does. */
    public static List<DropResult> handle(List<DroppedObject> objects, SubmitDrop submitDrop, Instant deadline) {
        return handle(objects, submitDrop, deadline, (object, result) -> {
        });
    }

    /**
     * @param settled told of each object's result as soon as it is known, so a later record's failure loses
     *                nothing already done (the outcome metrics)
     */
    public static List<DropResult> handle(List<DroppedObject> objects, SubmitDrop submitDrop, Instant deadline,
                                          BiConsumer<DroppedObject, DropResult> settled) {
        List<DropResult> results = new ArrayList<>();
        RuntimeException failure = null;
        for (DroppedObject object : objects) {
            try {
                DropResult result = submitDrop.handle(object, deadline);
                results.add(result);
                settled.accept(object, result);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }
}
