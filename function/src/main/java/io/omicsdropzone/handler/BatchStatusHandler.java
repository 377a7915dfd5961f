package io.omicsdropzone.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.domain.tracking.TrackBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lambda entry point for HealthOmics batch status change events from EventBridge. A stream handler: the events
 * library has no type for HealthOmics events, and reading the JSON directly avoids reflective mapping at cold start.
 */
public final class BatchStatusHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(BatchStatusHandler.class);

    private final TrackBatch trackBatch;
    /** Held here: the runtime's CRaC context may keep its resources only weakly. Null in tests. */
    private final SnapStartPriming priming;

    public BatchStatusHandler() {
        this(Dropzone.forTracking(System.getenv(), System.getProperties()));
    }

    private BatchStatusHandler(Dropzone dropzone) {
        this.trackBatch = dropzone.trackBatch();
        this.priming = SnapStartPriming.register(dropzone, false);
    }

    BatchStatusHandler(TrackBatch trackBatch) {
        this.trackBatch = trackBatch;
        this.priming = null;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        BatchStatusEventJson.parse(event).ifPresentOrElse(
                observation -> LOG.info("batch {} -> {}: {}", observation.batchId(), observation.status(),
                        trackBatch.apply(observation)),
                () -> LOG.warn("ignored: not a HealthOmics RunBatch Status Change event"));
    }
}
