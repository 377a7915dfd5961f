package io.omicsdropzone.domain.submission;

import io.omicsdropzone.validation.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Watches one validation read: stops it at the invocation's deadline, so a file too large for the time left ends
 * in a recorded attempt instead of a silent Lambda timeout, and logs progress every few seconds for large files.
 * The check runs per read call (the validator reads in 8 KB buffers), so the deadline is met within one buffer.
 */
final class ValidationWatch extends FilterInputStream implements ProgressListener {

    private static final Logger LOG = LoggerFactory.getLogger(ValidationWatch.class);
    static final Duration LOG_EVERY = Duration.ofSeconds(5);

    private final long sizeBytes;
    private final Instant deadline;
    private final Clock clock;
    private final String requestId;
    private final Instant started;
    private Instant nextLog;
    private long bytesRead;
    private long entriesSeen;

    ValidationWatch(InputStream in, long sizeBytes, Instant deadline, Clock clock, String requestId) {
        super(in);
        this.sizeBytes = sizeBytes;
        this.deadline = deadline;
        this.clock = clock;
        this.requestId = requestId;
        this.started = clock.instant();
        this.nextLog = started.plus(LOG_EVERY);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Instant now = clock.instant();
        if (now.isAfter(deadline)) {
            throw new ValidationDeadlineException(describe(now, "validation stopped at the invocation deadline"));
        }
        if (!now.isBefore(nextLog)) {
            LOG.info("validating: requestId={} {}", requestId, describe(now, "in progress"));
            nextLog = now.plus(LOG_EVERY);
        }
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            bytesRead += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Route skips through read so they are counted and checked too.
        byte[] sink = new byte[(int) Math.min(n, 8192)];
        int read = read(sink, 0, sink.length);
        return Math.max(read, 0);
    }

    @Override
    public void progress(long entries, long bytes) {
        this.entriesSeen = entries;
    }

    /** "read 1,234 of 5,678 bytes, 9 entries, 12.3 MB/s in 4.5 s; 4,444 bytes remain". */
    String describe(Instant now, String what) {
        double seconds = Math.max(1, Duration.between(started, now).toMillis()) / 1000.0;
        String remaining = sizeBytes >= 0 ? String.format("; %,d bytes remain", Math.max(0, sizeBytes - bytesRead)) : "";
        return String.format("%s: read %,d of %s bytes, %,d entries, %.1f MB/s in %.1f s%s", what, bytesRead,
                sizeBytes >= 0 ? String.format("%,d", sizeBytes) : "?", entriesSeen,
                bytesRead / 1e6 / seconds, seconds, remaining);
    }

    /** Unchecked so the JSON parser passes it through untouched. */
    static final class ValidationDeadlineException extends RuntimeException {
        ValidationDeadlineException(String message) {
            super(message);
        }
    }
}
