package io.omicsdropzone.validation;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read and refuses to read past a cap. The size given to the validator may be unknown (-1) or wrong,
 * and without a cap a stream longer than the service allows would be read to its end for nothing.
 */
final class SizeCappedInputStream extends FilterInputStream {

    /** Thrown once more than the cap has been read; the scan turns it into an error. */
    static final class CapExceededException extends IOException {
        CapExceededException(long cap) {
            super("more than " + cap + " bytes");
        }
    }

    private final long cap;
    private long bytesRead;

    SizeCappedInputStream(InputStream in, long cap) {
        super(in);
        this.cap = cap;
    }

    long cap() {
        return cap;
    }

    long bytesRead() {
        return bytesRead;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    // mark/reset would let bytes be counted twice; nothing here needs them.
    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(long n) throws CapExceededException {
        bytesRead += n;
        if (bytesRead > cap) {
            throw new CapExceededException(cap);
        }
    }
}
