package io.omicsdropzone.local.standins.faults;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Moves message bodies between sockets in their own framing (RFC 9112 section 6): a Content-Length body byte for byte,
 * a chunked body chunk by chunk with its trailers, or everything up to the end of the stream. Nothing is buffered
 * beyond one copy buffer, so a GetObject of gigabytes passes through in constant memory.
 */
final class HttpBodies {

    private static final int BUFFER = 64 * 1024;

    private HttpBodies() {
    }

    /** Copies the body the head announces; {@code out} may be null to discard it. */
    static void copy(HttpHead head, InputStream in, OutputStream out) throws IOException {
        if (head.chunked()) {
            copyChunked(in, out);
        } else if (head.contentLength() >= 0) {
            copyExactly(in, out, head.contentLength());
        }
    }

    /** A response body with no length and no chunking ends when the server closes (RFC 9112 6.3, rule 8). */
    static void copyToEnd(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (out != null) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }

    /** Reads a whole (small) body, decoding chunked framing. */
    static byte[] readAll(HttpHead head, InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (head.chunked()) {
            while (true) {
                long size = Long.parseLong(stripExtensions(readLine(in)), 16);
                if (size == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers are not needed once decoded
                    }
                    return body.toByteArray();
                }
                copyExactly(in, body, size);
                readLine(in);
            }
        }
        if (head.contentLength() > 0) {
            copyExactly(in, body, head.contentLength());
        }
        return body.toByteArray();
    }

    private static void copyExactly(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("body ended " + left + " bytes early");
            }
            if (out != null) {
                // Flush what arrived: the reader gets a body as fast as the target sends it, never after all of it.
                out.write(buffer, 0, n);
                out.flush();
            }
            left -= n;
        }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            write(out, sizeLine + "\r\n");
            long size = Long.parseLong(stripExtensions(sizeLine), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in);
                    write(out, trailer + "\r\n");
                } while (!trailer.isEmpty());
                if (out != null) {
                    out.flush();
                }
                return;
            }
            copyExactly(in, out, size);
            write(out, readLine(in) + "\r\n");
        }
    }

    private static String stripExtensions(String sizeLine) {
        int semicolon = sizeLine.indexOf(';');
        return (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
    }

    private static void write(OutputStream out, String text) throws IOException {
        if (out != null) {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed inside a chunked body");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
