package io.omicsdropzone.validation;

import io.omicsdropzone.domain.preflight.InputObjects;
import io.omicsdropzone.domain.preflight.InputObjects.Existence;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks the {@code s3://} inputs of one scan while the file streams, in constant memory: at most
 * {@link #MAX_PENDING} URIs wait for an answer (the scan blocks when that many are pending, so a fast reader never
 * queues a whole file's URIs), {@code concurrency} checks run at once, and the answers of the last
 * {@link #RECENT_ANSWERS} distinct URIs are remembered, so a URI repeated across runs (a shared reference genome) is
 * checked once while it is recent. A URI already in flight gets no second request: its later uses wait on the first.
 * Only the first {@code capacity} problems are kept, the rest counted, as for every other error.
 */
final class InputCheckQueue implements AutoCloseable {

    static final int MAX_PENDING = 1024;
    static final int RECENT_ANSWERS = 8192;
    private static final String SCHEME = "s3://";

    /** The entry a URI belongs to; its runSettingId is known only once the entry's object has closed. */
    static final class EntryLabel {
        final long index;
        volatile String runSettingId;

        EntryLabel(long index) {
            this.index = index;
        }
    }

    private record Use(EntryLabel entry, String uri, String pointer, long line, long column) {
    }

    private record Late(Use use, Problem problem) {
    }

    private final InputObjects objects;
    private final ExecutorService workers;
    private final Semaphore pending = new Semaphore(MAX_PENDING);
    private final int capacity;
    private final Object lock = new Object();
    private final Map<String, Existence> recent = new LinkedHashMap<>(RECENT_ANSWERS * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Existence> eldest) {
            return size() > RECENT_ANSWERS;
        }
    };
    private final Map<String, List<Use>> inFlight = new HashMap<>();
    private final List<Late> late = new ArrayList<>();
    private long lateTotal;
    private long requests;
    private RuntimeException failure;

    InputCheckQueue(InputObjects objects, int concurrency, int capacity) {
        this.objects = objects;
        this.capacity = capacity;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "input-check-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
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

    /**
     * Queues a check of {@code uri} for the value at {@code pointer}; blocks while {@link #MAX_PENDING} are pending.
     *
     * @throws RuntimeException the failure of an earlier check (an S3 error that outlasted the client's retries)
     */
    void submit(EntryLabel entry, String uri, String pointer, long line, long column) throws InterruptedIOException {
        synchronized (lock) {
            if (failure != null) {
                throw failure;
            }
        }
        try {
            pending.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for input checks");
        }
        Use use = new Use(entry, uri, pointer, line, column);
        synchronized (lock) {
            Existence known = recent.get(uri);
            if (known != null) {
                answer(use, known);
                pending.release();
                return;
            }
            List<Use> waiting = inFlight.get(uri);
            if (waiting != null) {
                waiting.add(use);
                return;
            }
            waiting = new ArrayList<>(2);
            waiting.add(use);
            inFlight.put(uri, waiting);
            requests++;
        }
        workers.execute(() -> check(uri));
    }

    private void check(String uri) {
        Existence result = null;
        RuntimeException error = null;
        try {
            result = lookUp(uri);
        } catch (RuntimeException e) {
            error = e;
        }
        int released;
        synchronized (lock) {
            List<Use> uses = inFlight.remove(uri);
            released = uses.size();
            if (error != null) {
                if (failure == null) {
                    failure = error;
                }
            } else {
                recent.put(uri, result);
                for (Use use : uses) {
                    answer(use, result);
                }
            }
        }
        pending.release(released);
    }

    private Existence lookUp(String uri) {
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (key.isEmpty() || key.endsWith("/")) {
            return objects.anyUnder(bucket, key);
        }
        return objects.object(bucket, key);
    }

    /** Called holding the lock. */
    private void answer(Use use, Existence existence) {
        if (existence == Existence.FOUND) {
            return;
        }
        lateTotal++;
        if (late.size() < capacity) {
            late.add(new Late(use, problem(use.uri(), existence)));
        }
    }

    private static Problem problem(String uri, Existence existence) {
        boolean prefix = uri.endsWith("/") || uri.indexOf('/', SCHEME.length()) < 0;
        if (existence == Existence.MISSING) {
            return prefix ? Problem.quoting("nothing exists under the prefix ", uri, "")
                    : new Problem(uri + " does not exist", "the input object does not exist");
        }
        String why = ": access denied to the dropzone, which may read exactly the input locations the HealthOmics"
                + " service role reads, so the runs would be denied too (add the location to the CDK context key"
                + " inputLocations, or check the bucket policy and its KMS key)";
        return Problem.quoting(prefix ? "cannot list the prefix " : "cannot read ", uri, why);
    }

    /** Waits for every queued check, then hands the problems found to {@code errors}. */
    void finish(ErrorCollector errors) throws InterruptedIOException {
        workers.shutdown();
        try {
            while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                // checks are bounded by the S3 client's call timeouts
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for input checks");
        }
        synchronized (lock) {
            if (failure != null) {
                throw failure;
            }
            for (Late found : late) {
                Use use = found.use();
                errors.addLate(use.entry().index, use.entry().runSettingId, use.pointer(), use.line(), use.column(),
                        found.problem());
            }
            errors.countOnly(lateTotal - late.size());
        }
    }

    /** S3 requests made (distinct URIs not answered from the recent ones). */
    long requests() {
        synchronized (lock) {
            return requests;
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
