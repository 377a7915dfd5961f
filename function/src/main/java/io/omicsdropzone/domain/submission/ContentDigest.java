package io.omicsdropzone.domain.submission;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes the dropped bytes (SHA-256) as the validation reads them: the content identity costs no second read. S3's
 * own checksums are no substitute: the ETag is not an MD5 under SSE-KMS/SSE-C or for multipart uploads, and composite
 * multipart checksums (SHA-256 included) change with the part size
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html).
 */
final class ContentDigest extends FilterInputStream {

    private final MessageDigest sha256;

    ContentDigest(InputStream in) {
        super(in);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sha256.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            sha256.update(buffer, offset, n);
        }
        return n;
    }

    /** Skipped bytes are read, so they are hashed too. */
    @Override
    public long skip(long n) throws IOException {
        byte[] sink = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        int read = read(sink, 0, sink.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int limit) {
        // not supported: a reset would hash bytes twice
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /**
     * Reads what the parser left (trailing whitespace after the closing bracket) through {@code watched}, the stream
     * that wraps this one, so the hash covers the whole object and the deadline still applies; then the hex digest.
     */
    static String finish(InputStream watched, ContentDigest digest) throws IOException {
        watched.transferTo(OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(digest.sha256.digest());
    }
}
