package io.omicsdropzone.validation;

import io.omicsdropzone.validation.InputChunks.Input;
import io.omicsdropzone.validation.InputObjects.Existence;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The second pass of the input checks: reads the file's inputs in {@link InputUse#ORDER}, asks each distinct input
 * once, folder by folder ({@link InputCheckPlanner} decides listing or HEAD), {@code concurrency} requests at a
 * time, and collects the problems at the entries that name them.
 *
 * <p>Bounded: at most {@value #MAX_QUEUED_USES} uses wait in memory, chunks ({@link InputChunks}) hold at most
 * {@value InputChunks#CHUNK_INPUTS} inputs (one listing page's worth), and only the first {@code capacity} problems in
 * file order are kept.
 *
 * <p>Deadline-aware: with a {@link CheckAttempt}, no request starts after the checks' share of the invocation; the
 * inputs answered so far (every chunk up to the first unfinished one) are saved with their problems, and the next
 * attempt skips them. Nothing is ever reported valid without every input answered.
 */
final class InputCheckRun {

    static final int MAX_QUEUED_USES = 16_384;
    /** Folders whose listing was denied or did not pay, remembered so their later chunks go straight to HEAD. */
    private static final int HEAD_ONLY_FOLDERS = 1024;

    private final class Chunk {
        final long seq;
        final List<Input> inputs;
        final int keptUses;
        final long uses;
        final AtomicInteger outstanding = new AtomicInteger(1);
        volatile boolean incomplete;
        long problems; // guarded by InputCheckRun.this

        Chunk(long seq, List<Input> inputs) {
            this.seq = seq;
            this.inputs = inputs;
            this.keptUses = inputs.stream().mapToInt(i -> i.uses.size()).sum();
            this.uses = inputs.stream().mapToLong(i -> i.useCount).sum();
        }
    }

    private record Found(long seq, ValidationError error) {
    }

    private static final Comparator<ValidationError> FILE_ORDER = Comparator.comparingLong(ValidationError::entryIndex)
            .thenComparingLong(ValidationError::line).thenComparingLong(ValidationError::column)
            .thenComparing(ValidationError::pointer);

    private final InputObjects objects;
    private final InputCheckPlanner planner;
    private final int concurrency;
    private final int capacity;
    private final CheckAttempt attempt;

    private final AtomicLong heads = new AtomicLong();
    private final AtomicLong pages = new AtomicLong();
    private final AtomicLong prefixLists = new AtomicLong();
    private final Semaphore queued = new Semaphore(MAX_QUEUED_USES);
    private final Map<String, Boolean> headOnly = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > HEAD_ONLY_FOLDERS;
        }
    };

    // guarded by this
    private final PriorityQueue<Found> kept = new PriorityQueue<>((a, b) -> FILE_ORDER.compare(b.error, a.error));
    private long problemTotal;
    private final TreeMap<Long, Chunk> open = new TreeMap<>();
    private InputUse through;
    private long usesDone;
    private long frontierProblems;
    private long frontierSeq = -1;
    private boolean frontierBlocked;
    private RuntimeException failure;
    private volatile boolean stopping;
    private volatile Instant checksDeadline;

    InputCheckRun(InputObjects objects, Preflight preflight, int capacity) {
        this.objects = objects;
        this.planner = new InputCheckPlanner(preflight.minInputsToList());
        this.concurrency = preflight.concurrency();
        this.capacity = capacity;
        this.attempt = preflight.attempt();
    }

    /** Requests made so far: HeadObject, ListObjectsV2 pages of folders, ListObjectsV2 of prefixes. */
    long heads() {
        return heads.get();
    }

    long listPages() {
        return pages.get();
    }

    long prefixLists() {
        return prefixLists.get();
    }

    long requests() {
        return heads.get() + pages.get() + prefixLists.get();
    }

    /**
     * Checks every input of {@code cursor} ({@code totalUses} uses) and hands the problems to {@code errors}, with
     * {@code early} (problems found without a request) among them.
     *
     * @throws InputChecksIncompleteException the checks' share of the invocation ended first (progress saved)
     * @throws RuntimeException               an S3 error that outlasted the client's retries (progress saved)
     */
    void run(InputSpool.Cursor cursor, long totalUses, List<ValidationError> early, long earlyTotal,
             ErrorCollector errors) throws IOException {
        long started = nowMillis();
        CheckProgress resumed = CheckProgress.NONE;
        if (attempt != null) {
            checksDeadline = attempt.checksDeadline();
            if (attempt.retry()) {
                resumed = attempt.progress().load(attempt.bucket(), attempt.requestId())
                        .flatMap(json -> CheckProgress.resumable(json, attempt.clock().instant()))
                        .orElse(CheckProgress.NONE);
            }
        }
        through = resumed.through();
        long skippedUses = 0;
        boolean stoppedByDeadline = false;
        ExecutorService workers = workers();
        try {
            InputChunks reader = new InputChunks(cursor, capacity, resumed.through());
            long seq = 0;
            for (List<Input> inputs; (inputs = reader.next()) != null; ) {
                if (resumed.through() != null && InputUse.ORDER.compare(inputs.get(0).first, resumed.through()) <= 0) {
                    // confirmed by an earlier attempt; a chunk never straddles the saved point (see ChunkReader)
                    skippedUses += inputs.stream().mapToLong(i -> i.useCount).sum();
                    continue;
                }
                synchronized (this) {
                    if (failure != null) {
                        break;
                    }
                }
                if (pastDeadline()) {
                    stoppedByDeadline = true;
                    break;
                }
                Chunk chunk = new Chunk(seq++, inputs);
                acquire(chunk.keptUses);
                synchronized (this) {
                    open.put(chunk.seq, chunk);
                }
                workers.execute(() -> runChunk(chunk, workers));
            }
            awaitAll(workers);
        } finally {
            workers.shutdownNow();
        }
        long millis = nowMillis() - started;
        synchronized (this) {
            stoppedByDeadline |= stopping;
            if (failure != null || stoppedByDeadline) {
                RuntimeException stop = failure != null ? failure
                        : new InputChecksIncompleteException(incompleteMessage(resumed, skippedUses, totalUses, millis));
                if (attempt != null) {
                    try {
                        save(resumed, skippedUses, millis, false);
                    } catch (RuntimeException notSaved) {
                        stop.addSuppressed(notSaved); // the next attempt starts over: slower, still correct
                    }
                }
                throw stop;
            }
            if (attempt != null && resumed != CheckProgress.NONE) {
                save(resumed, skippedUses, millis, true);
            }
            List<ValidationError> all = new ArrayList<>(resumed.problems());
            kept.forEach(found -> all.add(found.error));
            all.addAll(early);
            all.sort(FILE_ORDER);
            long total = resumed.problemTotal() + problemTotal + earlyTotal;
            List<ValidationError> shown = all.subList(0, Math.min(capacity, all.size()));
            for (ValidationError e : shown) {
                errors.addLate(e.entryIndex(), e.runSettingId(), e.pointer(), e.line(), e.column(),
                        new Problem(e.message(), e.safeMessage()));
            }
            errors.countOnly(total - shown.size());
        }
    }

    /** The invocation's clock when there is one (the rate said in lastError is in its time), else a monotonic one. */
    private long nowMillis() {
        return attempt != null ? attempt.clock().millis() : System.nanoTime() / 1_000_000;
    }

    private ExecutorService workers() {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "input-check-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private boolean pastDeadline() {
        Instant deadline = checksDeadline;
        if (deadline != null && !attempt.clock().instant().isBefore(deadline)) {
            stopping = true;
        }
        return stopping;
    }

    private void acquire(int permits) throws InterruptedIOException {
        try {
            queued.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for input checks");
        }
    }

    private void awaitAll(ExecutorService workers) throws InterruptedIOException {
        try {
            while (true) {
                synchronized (this) {
                    if (open.isEmpty()) {
                        return;
                    }
                    wait(1000); // requests are bounded by the S3 client's call timeouts
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for input checks");
        }
    }

    private void runChunk(Chunk chunk, ExecutorService workers) {
        try {
            List<Input> inputs = chunk.inputs;
            InputUse first = inputs.get(0).first;
            String folderKey = first.bucket() + "/" + first.folder();
            int answered = 0;
            if (!first.prefix() && planner.lists(inputs.size()) && !isHeadOnly(folderKey) && !skipped(chunk)) {
                List<String> names = inputs.stream().map(i -> i.first.name()).toList();
                int[] read = new int[1];
                try {
                    answered = InputCheckPlanner.answerByListing(objects, first.bucket(), first.folder(), names,
                            (index, existence) -> settle(chunk, inputs.get(index), existence), read,
                            () -> skipped(chunk));
                } finally {
                    pages.addAndGet(read[0]);
                }
                if (answered < inputs.size() && !chunk.incomplete) {
                    markHeadOnly(folderKey); // denied, or its pages did not pay
                }
            }
            for (Input input : inputs.subList(answered, inputs.size())) {
                chunk.outstanding.incrementAndGet();
                workers.execute(() -> {
                    try {
                        if (!skipped(chunk)) {
                            settle(chunk, input, ask(input.first));
                        }
                    } catch (RuntimeException e) {
                        fail(chunk, e);
                    } finally {
                        taskDone(chunk);
                    }
                });
            }
        } catch (RuntimeException e) {
            fail(chunk, e);
        } finally {
            taskDone(chunk);
        }
    }

    /** Whether the chunk must not make more requests (the deadline passed, or another check failed). */
    private boolean skipped(Chunk chunk) {
        boolean stop = pastDeadline();
        synchronized (this) {
            stop |= failure != null;
        }
        if (stop) {
            chunk.incomplete = true;
        }
        return stop;
    }

    private Existence ask(InputUse input) {
        if (input.prefix()) {
            prefixLists.incrementAndGet();
            return objects.anyUnder(input.bucket(), input.folder());
        }
        heads.incrementAndGet();
        return objects.object(input.bucket(), input.key());
    }

    private synchronized boolean isHeadOnly(String folder) {
        return headOnly.containsKey(folder);
    }

    private synchronized void markHeadOnly(String folder) {
        headOnly.put(folder, Boolean.TRUE);
    }

    private synchronized void fail(Chunk chunk, RuntimeException e) {
        chunk.incomplete = true;
        if (failure == null) {
            failure = e;
        }
    }

    private synchronized void settle(Chunk chunk, Input input, Existence existence) {
        if (existence == Existence.FOUND) {
            return;
        }
        Problem problem = problem(input.first, existence);
        chunk.problems += input.useCount;
        problemTotal += input.useCount;
        for (InputUse use : input.uses) {
            kept.add(new Found(chunk.seq, new ValidationError(use.entryIndex(), use.runSettingId(), use.pointer(),
                    use.line(), use.column(), problem.message(), problem.safeMessage())));
            if (kept.size() > capacity) {
                kept.poll();
            }
        }
    }

    private void taskDone(Chunk chunk) {
        if (chunk.outstanding.decrementAndGet() != 0) {
            return;
        }
        queued.release(chunk.keptUses);
        synchronized (this) {
            // Advance the saved point over every finished chunk in order; an unfinished one blocks it for good.
            chunk.outstanding.set(-1);
            while (!open.isEmpty() && !frontierBlocked) {
                Chunk oldest = open.firstEntry().getValue();
                if (oldest.outstanding.get() != -1) {
                    break;
                }
                open.pollFirstEntry();
                if (oldest.incomplete) {
                    frontierBlocked = true;
                    break;
                }
                through = oldest.inputs.get(oldest.inputs.size() - 1).first;
                frontierSeq = oldest.seq;
                usesDone += oldest.uses;
                frontierProblems += oldest.problems;
            }
            if (frontierBlocked) {
                open.values().removeIf(c -> c.outstanding.get() == -1);
            }
            notifyAll();
        }
    }

    /** Called holding the lock. */
    private void save(CheckProgress resumed, long skippedUses, long millis, boolean done) {
        List<ValidationError> confirmed = new ArrayList<>(resumed.problems());
        for (Found found : kept) {
            if (found.seq <= frontierSeq) {
                confirmed.add(found.error);
            }
        }
        confirmed.sort(FILE_ORDER);
        CheckProgress progress = new CheckProgress(through, skippedUses + usesDone,
                confirmed.subList(0, Math.min(capacity, confirmed.size())), resumed.problemTotal() + frontierProblems,
                resumed.millisSpent() + millis, resumed.attempts() + 1, attempt.clock().instant(), done);
        attempt.progress().save(attempt.bucket(), attempt.requestId(), progress.toJson());
    }

    private String incompleteMessage(CheckProgress resumed, long skippedUses, long totalUses, long millis) {
        long done = skippedUses + usesDone;
        long now = usesDone;
        double seconds = Math.max(1, millis) / 1000.0;
        return String.format(java.util.Locale.ROOT, "input checks stopped at %s: %,d of %,d input references"
                        + " confirmed (%.0f %%) after %d attempt(s); this attempt confirmed %,d in %.1f s (%,.0f per"
                        + " second) with %,d S3 requests (%,d HeadObject, %,d ListObjectsV2); the progress is saved"
                        + " beside the drop and the next attempt continues from there",
                stopping ? "their share of the invocation's time" : "an unfinished check", done, totalUses,
                totalUses == 0 ? 100.0 : 100.0 * done / totalUses, resumed.attempts() + 1, now, seconds,
                now / seconds, requests(), heads.get(), pages.get() + prefixLists.get());
    }

    /** What the user reads for an input that is not FOUND. */
    static Problem problem(InputUse use, Existence existence) {
        String uri = use.uri();
        if (existence == Existence.MISSING) {
            return use.prefix() ? Problem.quoting("nothing exists under the prefix ", uri, "")
                    : new Problem(uri + " does not exist", "the input object does not exist");
        }
        String why = ": access denied to the dropzone, which may read exactly the input locations the HealthOmics"
                + " service role reads, so the runs would be denied too (add the location to the CDK context key"
                + " inputLocations, or check the bucket policy and its KMS key)";
        return Problem.quoting(use.prefix() ? "cannot list the prefix " : "cannot read ", uri, why);
    }
}
