package io.omicsdropzone.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.app.ReconcilePass;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * Lambda entry point for the reconciliation schedule; the scheduled event's content is not needed. A pass that
 * leaves persistent problems fails the invocation, so the function's error alarm fires instead of a log line
 * nobody reads.
 */
public final class ReconcileHandler implements RequestStreamHandler {

    private final ReconcilePass pass;
    private final int maxItems;
    /** Held here: the runtime's CRaC context may keep its resources only weakly. Null in tests. */
    private final SnapStartPriming priming;

    public ReconcileHandler() {
        this(Dropzone.forEnvironment(System.getenv(), System.getProperties()));
    }

    private ReconcileHandler(Dropzone dropzone) {
        this.pass = dropzone.reconcilePass();
        this.maxItems = dropzone.config().reconcileMaxBatches();
        this.priming = SnapStartPriming.register(dropzone, false);
    }

    ReconcileHandler(ReconcilePass pass, int maxItems) {
        this.pass = pass;
        this.maxItems = maxItems;
        this.priming = null;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        ReconcilePass.Report report = pass.run(maxItems, maxItems);
        if (report.needsAttention()) {
            throw new IllegalStateException("reconcile needs attention: " + report.problem());
        }
    }
}
