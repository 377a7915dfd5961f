package io.omicsdropzone.validation;

import io.omicsdropzone.spool.Spool;
import io.omicsdropzone.spool.SpoolFile;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The inputs of one file, sorted by {@link InputUse#ORDER} in bounded memory: uses are sorted
 * {@value #RUN_USES} at a time, spilled to spool files (Lambda's {@code /tmp}, as samplesheets spool their JSON), and
 * merged back. Sorting is what lets one folder's inputs be answered by one listing, and one input named by every run
 * be asked once, however far apart the file names them.
 */
final class InputSpool implements AutoCloseable {

    static final int RUN_USES = 8192;
    static final int FAN_IN = 64;
    private static final int BUFFER_BYTES = 1 << 15;

    /** The sorted uses, read once. */
    interface Cursor extends AutoCloseable {
        /** The next use in order, or null at the end. */
        InputUse next() throws IOException;

        @Override
        void close() throws IOException;
    }

    private final List<InputUse> buffer = new ArrayList<>();
    private final List<SpoolFile> runs = new ArrayList<>();
    private final Spool spool;
    private final int runUses;
    private final int fanIn;
    private long count;

    InputSpool(Spool spool) {
        this(spool, RUN_USES, FAN_IN);
    }

    /** For tests: small runs and fan-in show the spill and the multi-pass merge without a million uses. */
    InputSpool(Spool spool, int runUses, int fanIn) {
        this.spool = spool;
        this.runUses = runUses;
        this.fanIn = fanIn;
    }

    void add(InputUse use) throws IOException {
        buffer.add(use);
        count++;
        if (buffer.size() >= runUses) {
            spill();
        }
    }

    long count() {
        return count;
    }

    /** Files written so far (for tests: memory stays bounded because uses go to disk). */
    int spilledRuns() {
        return runs.size();
    }

    /** All uses added, in order; call once, after the last {@link #add}. */
    Cursor sorted() throws IOException {
        if (runs.isEmpty()) {
            buffer.sort(InputUse.ORDER);
            List<InputUse> sorted = new ArrayList<>(buffer);
            buffer.clear();
            return new Cursor() {
                private int next;

                @Override
                public InputUse next() {
                    return next < sorted.size() ? sorted.get(next++) : null;
                }

                @Override
                public void close() {
                }
            };
        }
        if (!buffer.isEmpty()) {
            spill();
        }
        while (runs.size() > fanIn) {
            List<SpoolFile> group = new ArrayList<>(runs.subList(0, fanIn));
            runs.subList(0, fanIn).clear();
            SpoolFile merged = newRun();
            try (Merge merge = new Merge(group); DataOutputStream out = output(merged)) {
                for (InputUse use; (use = merge.next()) != null; ) {
                    write(out, use);
                }
            }
            runs.add(merged);
            for (SpoolFile done : group) {
                done.close();
            }
        }
        return new Merge(new ArrayList<>(runs));
    }

    @Override
    public void close() {
        for (SpoolFile run : runs) {
            try {
                run.close();
            } catch (IOException e) {
                // the function's /tmp is cleared with its execution environment
            }
        }
        runs.clear();
        buffer.clear();
    }

    private void spill() throws IOException {
        buffer.sort(InputUse.ORDER);
        SpoolFile run = newRun();
        try (DataOutputStream out = output(run)) {
            for (InputUse use : buffer) {
                write(out, use);
            }
        }
        runs.add(run);
        buffer.clear();
    }

    private SpoolFile newRun() throws IOException {
        return spool.create("omics-dropzone-inputs", ".bin");
    }

    private static DataOutputStream output(SpoolFile run) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(run.output(), BUFFER_BYTES));
    }

    private static void write(DataOutputStream out, InputUse use) throws IOException {
        out.writeUTF(use.bucket());
        out.writeUTF(use.folder());
        out.writeBoolean(use.prefix());
        out.writeUTF(use.name());
        out.writeLong(use.entryIndex());
        out.writeBoolean(use.runSettingId() != null);
        if (use.runSettingId() != null) {
            out.writeUTF(use.runSettingId());
        }
        out.writeUTF(use.pointer());
        out.writeLong(use.line());
        out.writeLong(use.column());
    }

    private static InputUse read(DataInputStream in) throws IOException {
        String bucket;
        try {
            bucket = in.readUTF();
        } catch (EOFException end) {
            return null;
        }
        String folder = in.readUTF();
        boolean prefix = in.readBoolean();
        String name = in.readUTF();
        long entryIndex = in.readLong();
        String id = in.readBoolean() ? in.readUTF() : null;
        return new InputUse(bucket, folder, prefix, name, entryIndex, id, in.readUTF(), in.readLong(), in.readLong());
    }

    /** A k-way merge of sorted run files. */
    private static final class Merge implements Cursor {
        private record Head(InputUse use, DataInputStream in) {
        }

        private final List<DataInputStream> inputs = new ArrayList<>();
        private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> InputUse.ORDER.compare(a.use, b.use));

        Merge(List<SpoolFile> runs) throws IOException {
            try {
                for (SpoolFile run : runs) {
                    DataInputStream in = new DataInputStream(new BufferedInputStream(run.input(), BUFFER_BYTES));
                    inputs.add(in);
                    InputUse first = read(in);
                    if (first != null) {
                        heads.add(new Head(first, in));
                    }
                }
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public InputUse next() throws IOException {
            Head head = heads.poll();
            if (head == null) {
                return null;
            }
            InputUse following = read(head.in);
            if (following != null) {
                heads.add(new Head(following, head.in));
            }
            return head.use;
        }

        @Override
        public void close() {
            for (DataInputStream in : inputs) {
                try {
                    in.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
