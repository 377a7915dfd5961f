package io.omicsdropzone.cli;

import io.omicsdropzone.validation.ProgressListener;

import java.io.PrintStream;

/** One self-overwriting stderr line for long validations: bytes, entries, MB/s. */
final class ProgressLine implements ProgressListener {

    private final PrintStream err;
    private final long startNanos = System.nanoTime();
    private boolean shown;

    ProgressLine(PrintStream err) {
        this.err = err;
    }

    @Override
    public void progress(long entriesSeen, long bytesRead) {
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        double megabytes = bytesRead / 1e6;
        err.printf("\rvalidating: %,.1f MB, %,d entries, %,.0f MB/s   ", megabytes, entriesSeen, megabytes / seconds);
        err.flush();
        shown = true;
    }

    /** Ends the line so the report starts on a fresh one. */
    void finish() {
        if (shown) {
            err.println();
        }
    }
}
