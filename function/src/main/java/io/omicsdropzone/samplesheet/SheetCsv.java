package io.omicsdropzone.samplesheet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The sheets the dropzone writes (one per sample): CSV with commas and LF line ends, a field quoted only when it
 * holds a comma, a quote or a line break (quotes doubled), UTF-8 without a BOM, whatever the dropped format was.
 */
final class SheetCsv {

    private static final int MAX_KEY_PART = 100;

    private SheetCsv() {
    }

    /** One record, ending in LF. */
    static byte[] line(List<String> cells) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String cell = cells.get(i);
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                    || cell.indexOf('\r') >= 0) {
                out.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                out.append(cell);
            }
        }
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A form of {@code name} safe in an S3 key and a file name: letters, digits, '.', '_' and '-' are kept; a name
     * that needed changes (or is too long) gets the start of its SHA-256 appended, so two names never share a key.
     */
    static String keyPart(String name) {
        StringBuilder safe = new StringBuilder();
        boolean changed = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean keep = c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-');
            safe.append(keep ? c : '_');
            changed |= !keep;
        }
        if (safe.length() > MAX_KEY_PART) {
            safe.setLength(MAX_KEY_PART);
            changed = true;
        }
        if (safe.toString().equals(".") || safe.toString().equals("..") || safe.isEmpty()) {
            changed = true;
        }
        return changed ? safe + "-" + sha256(name).substring(0, 12) : safe.toString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
