package io.omicsdropzone.validation;


import java.time.Clock;
import java.time.Instant;

/**
 * The invocation an input check runs in: when it must stop, and where it keeps its progress between attempts.
 *
 * @param deadline  when the invocation must stop working on the drop; the checks take {@link #CHECKS_SHARE} of what
 *                  is left when they start, leaving the rest for the snapshot, StartRunBatch and the records
 * @param progress  where the confirmed part is kept between attempts
 * @param bucket    the dropped file's bucket (the progress is kept beside the drop)
 * @param requestId the drop's requestId (bucket, key and ETag: progress never carries over to other content)
 * @param retry     an earlier attempt ended in a retryable error, so it may have saved progress; a first attempt
 *                  does not look (saving a request per drop)
 */
public record CheckAttempt(Clock clock, Instant deadline, CheckProgressStore progress, String bucket,
                           String requestId, boolean retry) {

    /**
     * The checks' share of the time left when they start. A 6 GB snapshot is a multipart server-side copy of a few
     * minutes at worst; a fifth of a 15-minute invocation covers it and StartRunBatch.
     */
    public static final double CHECKS_SHARE = 0.8;

    /** When the checks stop, asked as they start. */
    Instant checksDeadline() {
        Instant now = clock.instant();
        long left = Math.max(0, deadline.toEpochMilli() - now.toEpochMilli());
        return now.plusMillis((long) (left * CHECKS_SHARE));
    }
}
