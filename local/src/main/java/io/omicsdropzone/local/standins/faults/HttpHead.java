package io.omicsdropzone.local.standins.faults;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The start line and header fields of one HTTP/1.1 message (RFC 9112 section 2), kept in wire order and spelling so the
 * front can forward them byte for byte: SigV4 signs the Host header and the other signed headers as the client sent
 * them, so the target must see exactly those.
 */
record HttpHead(String startLine, List<String[]> fields) {

    private static final int MAX_HEAD_BYTES = 64 * 1024;

    HttpHead {
        fields = List.copyOf(fields);
    }

    /** Reads up to the blank line; null when the peer closed the connection before sending anything. */
    static HttpHead read(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (lines.isEmpty() && line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside an HTTP head");
            }
            if (++total > MAX_HEAD_BYTES) {
                throw new IOException("HTTP head larger than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                line.reset();
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                if (text.isEmpty()) {
                    if (lines.isEmpty()) {
                        continue; // RFC 9112 2.2: ignore empty lines before the start line
                    }
                    break;
                }
                lines.add(text);
            } else {
                line.write(b);
            }
        }
        List<String[]> fields = new ArrayList<>();
        for (String text : lines.subList(1, lines.size())) {
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + text);
            }
            fields.add(new String[] {text.substring(0, colon), text.substring(colon + 1).trim()});
        }
        return new HttpHead(lines.get(0), fields);
    }

    void write(OutputStream out) throws IOException {
        StringBuilder text = new StringBuilder(startLine).append("\r\n");
        for (String[] field : fields) {
            text.append(field[0]).append(": ").append(field[1]).append("\r\n");
        }
        text.append("\r\n");
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    String header(String name) {
        for (String[] field : fields) {
            if (field[0].equalsIgnoreCase(name)) {
                return field[1];
            }
        }
        return null;
    }

    boolean hasToken(String name, String token) {
        String value = header(name);
        if (value == null) {
            return false;
        }
        for (String part : value.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    String method() {
        return startLine.substring(0, startLine.indexOf(' '));
    }

    /** The request target as sent (origin form: raw path and query). */
    String target() {
        String[] parts = startLine.split(" ");
        return parts.length > 1 ? parts[1] : "";
    }

    /** Status code of a response head. */
    int status() {
        String[] parts = startLine.split(" ");
        return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }

    boolean chunked() {
        String value = header("Transfer-Encoding");
        return value != null && value.toLowerCase(Locale.ROOT).contains("chunked");
    }

    /** Content-Length, or -1 when absent. */
    long contentLength() {
        String value = header("Content-Length");
        return value == null ? -1 : Long.parseLong(value.trim());
    }

    HttpHead withoutFraming(long contentLength) {
        List<String[]> kept = new ArrayList<>();
        for (String[] field : fields) {
            if (!field[0].equalsIgnoreCase("Content-Length") && !field[0].equalsIgnoreCase("Transfer-Encoding")) {
                kept.add(field);
            }
        }
        kept.add(new String[] {"Content-Length", Long.toString(contentLength)});
        return new HttpHead(startLine, kept);
    }
}
