package io.omicsdropzone.samplesheet;

import io.omicsdropzone.validation.InputObjects.Existence;
import io.omicsdropzone.validation.InputObjects;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code exists: true} of a schema's path columns, checked with pre-flight's input port ({@link InputObjects}: HEAD
 * for a file, one-key LIST for a directory or a pattern's fixed part) while the sheet streams: at most
 * {@link #MAX_PENDING} cells wait for an answer, {@code concurrency} checks run at once, and the answers of the last
 * {@link #RECENT} distinct URIs are remembered (a file named on several rows is asked once while recent).
 */
final class SheetInputChecks implements AutoCloseable {

    static final int MAX_PENDING = 1024;
    static final int RECENT = 8192;

    private record Use(long row, String idColumn, String id, String column, String uri, String format) {
    }

    private final InputObjects objects;
    private final ExecutorService workers;
    private final Semaphore pending = new Semaphore(MAX_PENDING);
    private final SheetErrors found = new SheetErrors(SampleSheetConverter.MAX_REPORTED_ERRORS);
    private final Map<String, Existence> recent = new LinkedHashMap<>(RECENT * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Existence> eldest) {
            return size() > RECENT;
        }
    };
    private RuntimeException failure;

    SheetInputChecks(InputObjects objects, int concurrency) {
        this.objects = objects;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "sheet-input-check-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues the check of one cell ({@code s3://} only: omics:// sequence stores cannot be listed here). */
    void check(long row, String idColumn, String id, String column, String uri, String format)
            throws InterruptedIOException {
        if (!uri.startsWith("s3://")) {
            return;
        }
        Use use = new Use(row, idColumn, id, column, uri, format);
        synchronized (recent) {
            Existence known = recent.get(uri);
            if (known != null) {
                answer(use, known);
                return;
            }
        }
        try {
            pending.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while queueing input checks");
        }
        workers.execute(() -> {
            try {
                Existence existence = ask(use);
                synchronized (recent) {
                    recent.put(uri, existence);
                    answer(use, existence);
                }
            } catch (RuntimeException e) {
                synchronized (recent) {
                    failure = failure == null ? e : failure;
                }
            } finally {
                pending.release();
            }
        });
    }

    private Existence ask(Use use) {
        String rest = use.uri().substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        switch (use.format()) {
            case "directory-path":
                return objects.anyUnder(bucket, key.isEmpty() || key.endsWith("/") ? key : key + "/");
            case "file-path-pattern":
                int wildcard = firstWildcard(key);
                return objects.anyUnder(bucket, wildcard < 0 ? key : key.substring(0, wildcard));
            case "path":
                Existence file = key.isEmpty() ? Existence.MISSING : objects.object(bucket, key);
                return file == Existence.MISSING ? objects.anyUnder(bucket, key.endsWith("/") ? key : key + "/")
                        : file;
            default:
                return key.isEmpty() || key.endsWith("/") ? objects.anyUnder(bucket, key) : objects.object(bucket, key);
        }
    }

    private static int firstWildcard(String key) {
        for (int i = 0; i < key.length(); i++) {
            if ("*?[{".indexOf(key.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Called holding the lock. */
    private void answer(Use use, Existence existence) {
        if (existence == Existence.FOUND) {
            return;
        }
        String message;
        String safe;
        if (existence == Existence.MISSING) {
            boolean many = !use.format().equals("file-path");
            message = many ? "nothing exists at " + use.uri() : use.uri() + " does not exist";
            safe = many ? "nothing exists at the path" : "the file does not exist";
        } else {
            String why = ": access denied to the dropzone, which may read exactly the input locations the HealthOmics"
                    + " service role reads, so the runs would be denied too (add the location to the CDK context key"
                    + " inputLocations, or check the bucket policy and its KMS key)";
            message = "cannot read " + use.uri() + why;
            safe = "cannot read the file" + why;
        }
        found.add(new SheetError(use.row(), use.idColumn(), use.id(), use.column(), message, safe));
    }

    /**
     * Waits for every queued check.
     *
     * @return the problems found (the first ones kept, all counted)
     * @throws RuntimeException an S3 error that outlasted the client's retries: an infrastructure failure, not the
     *                          sheet's fault
     */
    SheetErrors finish() throws InterruptedIOException {
        workers.shutdown();
        try {
            while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                // checks are bounded by the S3 client's call timeouts
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for input checks");
        }
        synchronized (recent) {
            if (failure != null) {
                throw failure;
            }
            List<SheetError> sorted = new ArrayList<>(found.kept());
            sorted.sort(java.util.Comparator.comparingLong(SheetError::row));
            SheetErrors out = new SheetErrors(SampleSheetConverter.MAX_REPORTED_ERRORS);
            sorted.forEach(out::add);
            for (long extra = found.total() - found.kept().size(); extra > 0; extra--) {
                out.count();
            }
            return out;
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
