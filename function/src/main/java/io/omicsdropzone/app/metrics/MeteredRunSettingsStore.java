package io.omicsdropzone.app.metrics;

import io.omicsdropzone.domain.submission.RunSettingsStore;
import io.omicsdropzone.metrics.Metric;
import io.omicsdropzone.metrics.MetricsSink;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Measures validation where it happens without touching the use case: the validator streams the dropped file as it
 * parses it, so the time from opening the object to closing it is the validation time, and the bytes read over that
 * time its throughput (download included, as on the real path). One metrics document per read.
 */
public final class MeteredRunSettingsStore implements RunSettingsStore {

    private final RunSettingsStore store;
    private final MetricsSink metrics;
    private final Clock clock;

    public MeteredRunSettingsStore(RunSettingsStore store, MetricsSink metrics, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public Optional<StoredObject> head(String bucket, String key) {
        return store.head(bucket, key);
    }

    @Override
    public InputStream open(String bucket, String key, String etag) {
        Instant opened = clock.instant();
        return new CountingStream(store.open(bucket, key, etag), opened);
    }

    private final class CountingStream extends FilterInputStream {
        private final Instant opened;
        private long bytes;
        private boolean closed;

        CountingStream(InputStream in, Instant opened) {
            super(in);
            this.opened = opened;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytes++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                bytes += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            bytes += Math.max(0, skipped);
            return skipped;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                super.close();
            } finally {
                double seconds = Math.max(1, Duration.between(opened, clock.instant()).toNanos() / 1_000) / 1e6;
                Map<Metric, Number> values = new LinkedHashMap<>();
                values.put(Metric.VALIDATION_SECONDS, seconds);
                values.put(Metric.VALIDATION_THROUGHPUT, bytes / 1e6 / seconds);
                metrics.emit(values);
            }
        }
    }
}
