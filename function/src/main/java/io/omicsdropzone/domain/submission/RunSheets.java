package io.omicsdropzone.domain.submission;

import io.omicsdropzone.domain.snapshot.SnapshotStore;
import io.omicsdropzone.samplesheet.GroupedSheetConverter.SheetFile;
import io.omicsdropzone.samplesheet.SheetContent;

import java.io.IOException;
import java.io.InputStream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writes the sheets a samplesheet's runs read (per sample, or the whole dropped sheet) under the drop's snapshot
 * folder, each exactly once: a key an earlier attempt wrote is left as it is (a batch may already read it), so a
 * retry or a resume never rewrites a sheet. Written a few at a time: 3,000 samples are 3,000 PutObjects.
 */
final class RunSheets {

    static final int PARALLEL_WRITES = 8;

    private final SnapshotStore store;

    RunSheets(SnapshotStore store) {
        this.store = store;
    }

    /**
     * @param dropped the content of the dropped sheet, for a sheet file without its own (whole mode)
     * @return how many were written now (the others existed)
     */
    int writeAll(String bucket, List<SheetFile> sheets, SnapshotStore.Content dropped) {
        if (sheets.isEmpty()) {
            return 0;
        }
        ExecutorService writers = Executors.newFixedThreadPool(Math.min(PARALLEL_WRITES, sheets.size()), runnable -> {
            Thread thread = new Thread(runnable, "run-sheet-writer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Boolean>> writes = new ArrayList<>();
            for (SheetFile sheet : sheets) {
                SnapshotStore.Content content = sheet.content() != null ? contentOf(sheet.content()) : dropped;
                writes.add(CompletableFuture.supplyAsync(() -> store.writeOnce(bucket, sheet.key(), content,
                        contentType(sheet.key())), writers));
            }
            int written = 0;
            for (CompletableFuture<Boolean> write : writes) {
                try {
                    written += write.join() ? 1 : 0;
                } catch (CompletionException e) {
                    if (e.getCause() instanceof RuntimeException cause) {
                        throw cause;
                    }
                    throw e;
                }
            }
            return written;
        } finally {
            writers.shutdownNow();
        }
    }

    /** A sheet's bytes as the snapshot store takes them. */
    static SnapshotStore.Content contentOf(SheetContent sheet) {
        return new SnapshotStore.Content() {
            @Override
            public long length() {
                return sheet.length();
            }

            @Override
            public InputStream open() throws IOException {
                return sheet.open();
            }
        };
    }

    static String contentType(String key) {
        return key.toLowerCase(Locale.ROOT).endsWith(".tsv") ? "text/tab-separated-values" : "text/csv";
    }
}
