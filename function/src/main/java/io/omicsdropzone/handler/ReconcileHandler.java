package io.omicsdropzone.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.domain.ReconcileBatches;

import java.io.InputStream;
import java.io.OutputStream;

/** Lambda entry point for the reconciliation schedule; the scheduled event's content is not needed. */
public final class ReconcileHandler implements RequestStreamHandler {

    private final ReconcileBatches reconcile;
    private final int maxBatches;

    public ReconcileHandler() {
        this(Dropzone.forTracking(System.getenv(), System.getProperties()));
    }

    private ReconcileHandler(Dropzone dropzone) {
        this(dropzone.reconcileBatches(), dropzone.config().reconcileMaxBatches());
    }

    ReconcileHandler(ReconcileBatches reconcile, int maxBatches) {
        this.reconcile = reconcile;
        this.maxBatches = maxBatches;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        reconcile.run(maxBatches);
    }
}
