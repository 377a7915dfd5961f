package io.omicsdropzone.validation;


import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link InputObjects} (our own port) over one bucket's keys, listing as ListObjectsV2 with delimiter
 * {@code /} does: direct children only, sorted, {@code pageSize} per page, the continuation token being the last key.
 * Counts each kind of request.
 */
final class ListedBucket implements InputObjects {

    final NavigableSet<String> keys = new ConcurrentSkipListSet<>();
    final Set<String> deniedPrefixes = ConcurrentHashMap.newKeySet();
    final Set<String> deniedKeys = ConcurrentHashMap.newKeySet();
    /** Runs before each request (a test's clock moving on). */
    volatile Runnable onRequest = () -> { };
    final AtomicInteger heads = new AtomicInteger();
    final AtomicInteger pages = new AtomicInteger();
    final AtomicInteger prefixLists = new AtomicInteger();
    final List<String> startAfters = new CopyOnWriteArrayList<>();
    private final int pageSize;

    ListedBucket(int pageSize) {
        this.pageSize = pageSize;
    }

    void put(String key) {
        keys.add(key);
    }

    int requests() {
        return heads.get() + pages.get() + prefixLists.get();
    }

    @Override
    public Existence object(String bucket, String key) {
        heads.incrementAndGet();
        onRequest.run();
        if (deniedKeys.contains(key)) {
            return Existence.DENIED;
        }
        return keys.contains(key) ? Existence.FOUND : Existence.MISSING;
    }

    @Override
    public Existence anyUnder(String bucket, String prefix) {
        prefixLists.incrementAndGet();
        onRequest.run();
        String next = keys.ceiling(prefix);
        return next != null && next.startsWith(prefix) ? Existence.FOUND : Existence.MISSING;
    }

    @Override
    public Page list(String bucket, String prefix, String startAfter, String continuationToken) {
        pages.incrementAndGet();
        onRequest.run();
        if (deniedPrefixes.contains(prefix)) {
            return Page.denied();
        }
        if (continuationToken == null) {
            startAfters.add(startAfter == null ? "" : startAfter);
        }
        String from = continuationToken != null ? continuationToken : startAfter != null ? startAfter : "";
        List<String> page = new ArrayList<>();
        String last = null;
        for (String key : keys.tailSet(from, false)) {
            if (!key.startsWith(prefix)) {
                if (key.compareTo(prefix) > 0) {
                    break;
                }
                continue;
            }
            if (page.size() == pageSize) {
                return new Page(Existence.FOUND, page, last);
            }
            if (key.indexOf('/', prefix.length()) < 0) {
                page.add(key);
            }
            last = key;
        }
        return new Page(Existence.FOUND, page, null);
    }
}
