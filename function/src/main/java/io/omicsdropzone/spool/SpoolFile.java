package io.omicsdropzone.spool;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;

/**
 * One spool file: written once from its start, then read as often as needed (a retried upload reads it again, and
 * several readers may read it at once), and deleted by {@link #close}.
 */
public interface SpoolFile extends Closeable {

    /** Writes the file from its start, replacing what it held; the caller buffers and closes the stream. */
    OutputStream output() throws IOException;

    /** Reads the file from its start; each call opens a reader of its own. */
    InputStream input() throws IOException;

    /** Reads the file at any position (read-only); each call opens a channel of its own. */
    SeekableByteChannel channel() throws IOException;

    /** The bytes written so far (0 before anything was written). */
    long size() throws IOException;

    /** Deletes the file; readers still open may fail afterwards. */
    @Override
    void close() throws IOException;
}
