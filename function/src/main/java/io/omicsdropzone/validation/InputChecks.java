package io.omicsdropzone.validation;

import io.omicsdropzone.validation.InputObjects.Existence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code s3://} inputs of one scan: spooled (sorted, in bounded memory) while the file streams, then checked once
 * the scan has read the whole file ({@link InputCheckRun}), when every folder's share of the inputs is known. The
 * uses of the entry being read wait here until its object closes, so each carries its runSettingId.
 */
final class InputChecks implements AutoCloseable {

    private static final String SCHEME = "s3://";
    /** S3's longest key (Amazon S3 User Guide, "Naming Amazon S3 objects": up to 1,024 bytes of UTF-8). */
    static final int MAX_KEY_BYTES = 1024;
    /** S3's longest bucket name ("General purpose bucket naming rules": 3 to 63 characters). */
    static final int MAX_BUCKET_CHARS = 63;
    /** A pointer is cut to this much before it is spooled; errors show at most 200 chars of it anyway. */
    private static final int MAX_POINTER_CHARS = 1000;

    /** The entry a URI belongs to; its runSettingId is known only once the entry's object has closed. */
    static final class EntryLabel {
        final long index;
        volatile String runSettingId;

        EntryLabel(long index) {
            this.index = index;
        }
    }

    private final Preflight preflight;
    private final int capacity;
    private final InputSpool spool;
    private final List<InputUse> openEntry = new ArrayList<>();
    private record Early(EntryLabel entry, ValidationError error) {
    }

    private final List<Early> early = new ArrayList<>();
    private long earlyTotal;
    private EntryLabel openLabel;
    private InputCheckRun run;

    InputChecks(Preflight preflight, int capacity) {
        this.preflight = preflight;
        this.capacity = capacity;
        this.spool = new InputSpool(preflight.spool());
    }

    /** Whether the string value is one this queue checks (it starts with {@code s3://}). */
    static boolean isS3Uri(char[] text, int offset, int length) {
        if (length <= SCHEME.length()) {
            return false;
        }
        for (int i = 0; i < SCHEME.length(); i++) {
            if (text[offset + i] != SCHEME.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Records a use of {@code uri} at {@code pointer}, to be checked once the file has been read. */
    void submit(EntryLabel entry, String uri, String pointer, long line, long column) throws IOException {
        if (entry != openLabel) {
            closeEntry();
            openLabel = entry;
        }
        String where = pointer.length() > MAX_POINTER_CHARS ? pointer.substring(0, MAX_POINTER_CHARS) : pointer;
        InputUse use = InputUse.of(uri, entry.index, null, where, line, column);
        if (use.key().getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES
                || use.bucket().length() > MAX_BUCKET_CHARS) {
            // no such object can exist: answered without a request
            Problem problem = InputCheckRun.problem(use, Existence.MISSING);
            earlyTotal++;
            if (early.size() < capacity) {
                early.add(new Early(entry, new ValidationError(use.entryIndex(), null, use.pointer(), line, column,
                        problem.message(), problem.safeMessage())));
            }
            return;
        }
        openEntry.add(use);
        if (openEntry.size() >= InputSpool.RUN_USES) {
            closeEntry(); // an entry naming thousands of inputs: its uses go without the runSettingId
        }
    }

    /**
     * Checks every input recorded and hands the problems to {@code errors}.
     *
     * @throws InputChecksIncompleteException the checks' share of the invocation ended first (progress saved)
     * @throws RuntimeException               an S3 error that outlasted the client's retries
     */
    void finish(ErrorCollector errors) throws IOException {
        closeEntry();
        List<ValidationError> named = new ArrayList<>();
        for (Early e : early) {
            ValidationError error = e.error();
            named.add(new ValidationError(error.entryIndex(), e.entry().runSettingId, error.pointer(), error.line(),
                    error.column(), error.message(), error.safeMessage()));
        }
        run = new InputCheckRun(preflight.inputs(), preflight, capacity);
        try (InputSpool.Cursor sorted = spool.sorted()) {
            run.run(sorted, spool.count(), named, earlyTotal, errors);
        }
    }

    /** S3 requests made by the checks (0 before {@link #finish}). */
    long requests() {
        return run == null ? 0 : run.requests();
    }

    int spilledRuns() {
        return spool.spilledRuns();
    }

    @Override
    public void close() {
        spool.close();
    }

    private void closeEntry() throws IOException {
        if (openEntry.isEmpty()) {
            return;
        }
        String id = openLabel == null ? null : openLabel.runSettingId;
        for (InputUse use : openEntry) {
            spool.add(id == null ? use : use.withRunSettingId(id));
        }
        openEntry.clear();
    }
}
