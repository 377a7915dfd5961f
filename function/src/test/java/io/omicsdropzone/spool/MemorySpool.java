package io.omicsdropzone.spool;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Spool files in memory, for tests: what was created, what is still open (not deleted), and a way to fail the next
 * creation. A file's bytes are what its last output stream wrote once that stream was closed, as a file's would be.
 */
public final class MemorySpool implements Spool {

    /** Every file created, in order. */
    public final List<MemoryFile> created = new CopyOnWriteArrayList<>();
    private IOException nextFailure;

    public synchronized void failNextCreate(IOException failure) {
        nextFailure = failure;
    }

    @Override
    public synchronized SpoolFile create(String name, String suffix) throws IOException {
        if (nextFailure != null) {
            IOException failure = nextFailure;
            nextFailure = null;
            throw failure;
        }
        MemoryFile file = new MemoryFile(name + suffix);
        created.add(file);
        return file;
    }

    /** The files not deleted yet. */
    public List<MemoryFile> open() {
        List<MemoryFile> open = new ArrayList<>();
        for (MemoryFile file : created) {
            if (!file.deleted) {
                open.add(file);
            }
        }
        return open;
    }

    public static final class MemoryFile implements SpoolFile {
        public final String name;
        private volatile byte[] bytes = new byte[0];
        private volatile boolean deleted;

        MemoryFile(String name) {
            this.name = name;
        }

        public boolean deleted() {
            return deleted;
        }

        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public OutputStream output() throws IOException {
            present();
            return new ByteArrayOutputStream() {
                @Override
                public void close() {
                    bytes = toByteArray();
                }
            };
        }

        @Override
        public InputStream input() throws IOException {
            present();
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public SeekableByteChannel channel() throws IOException {
            present();
            byte[] content = bytes;
            return new SeekableByteChannel() {
                private long position;
                private boolean open = true;

                @Override
                public int read(ByteBuffer target) throws IOException {
                    if (!open) {
                        throw new ClosedChannelException();
                    }
                    if (position >= content.length) {
                        return -1;
                    }
                    int n = (int) Math.min(target.remaining(), content.length - position);
                    target.put(content, (int) position, n);
                    position += n;
                    return n;
                }

                @Override
                public int write(ByteBuffer source) {
                    throw new NonWritableChannelException();
                }

                @Override
                public long position() {
                    return position;
                }

                @Override
                public SeekableByteChannel position(long newPosition) {
                    position = newPosition;
                    return this;
                }

                @Override
                public long size() {
                    return content.length;
                }

                @Override
                public SeekableByteChannel truncate(long size) {
                    throw new NonWritableChannelException();
                }

                @Override
                public boolean isOpen() {
                    return open;
                }

                @Override
                public void close() {
                    open = false;
                }
            };
        }

        @Override
        public long size() throws IOException {
            present();
            return bytes.length;
        }

        @Override
        public void close() {
            deleted = true;
        }

        private void present() throws IOException {
            if (deleted) {
                throw new IOException(name + " was deleted");
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
