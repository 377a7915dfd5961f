package io.omicsdropzone.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Bounded renderings of a {@link ValidationReport} for places with a size limit: a DynamoDB item (400 KB), an SNS
 * message (256 KB), a log line. The result never exceeds the byte budget in UTF-8 (default {@value #DEFAULT_MAX_BYTES},
 * leaving room for the rest of the item or message): errors that do not fit are left out and counted as omitted.
 *
 * <p>With the bounds {@link ErrorCollector} puts on every field, 100 ordinary errors take about 15-25 KB, so in
 * practice all kept errors are shown.
 */
public final class ValidationSummary {

    public static final int DEFAULT_MAX_BYTES = 64 * 1024;
    /** Room for the header or footer, whose numbers are at most 19 digits each. */
    private static final int RESERVED_BYTES = 256;

    private ValidationSummary() {
    }

    /** The JSON summary within {@link #DEFAULT_MAX_BYTES}. */
    public static String json(ValidationReport report) {
        return json(report, DEFAULT_MAX_BYTES);
    }

    /**
     * {@code {"valid":false,"entryCount":3,"errorCount":2,"errorsShown":2,"errorsOmitted":0,"errors":[{"entryIndex":1,
     * "runSettingId":"s-1","pointer":"/1/priority","line":4,"column":17,"message":"..."}]}}; {@code runSettingId} is
     * left out when unknown, and {@code errorsOmitted} counts all errors not shown (not kept, or over the budget).
     *
     * @param maxBytes the budget in UTF-8 bytes, at least 1024
     */
    public static String json(ValidationReport report, int maxBytes) {
        requireBudget(maxBytes);
        List<String> shown = fitting(report, maxBytes, ValidationSummary::errorJson);
        StringBuilder out = new StringBuilder(4096)
                .append("{\"valid\":").append(report.valid())
                .append(",\"entryCount\":").append(report.entryCount())
                .append(",\"errorCount\":").append(report.errorCount())
                .append(",\"errorsShown\":").append(shown.size())
                .append(",\"errorsOmitted\":").append(report.errorCount() - shown.size())
                .append(",\"errors\":[");
        out.append(String.join(",", shown));
        return out.append("]}").toString();
    }

    /** The text summary within {@link #DEFAULT_MAX_BYTES}. */
    public static String text(ValidationReport report) {
        return text(report, DEFAULT_MAX_BYTES);
    }

    /**
     * A headline, then one {@link ValidationError#describe()} line per shown error, then how many were not shown.
     *
     * @param maxBytes the budget in UTF-8 bytes, at least 1024
     */
    public static String text(ValidationReport report, int maxBytes) {
        requireBudget(maxBytes);
        List<String> shown = fitting(report, maxBytes, ValidationSummary::errorLine);
        StringBuilder out = new StringBuilder(4096);
        if (report.valid()) {
            return out.append(String.format("run-settings file is valid: %,d entries", report.entryCount()))
                    .toString();
        }
        out.append(String.format("run-settings file is invalid: %,d problem%s in %,d entries", report.errorCount(),
                report.errorCount() == 1 ? "" : "s", report.entryCount()));
        for (String line : shown) {
            out.append('\n').append(line);
        }
        long omitted = report.errorCount() - shown.size();
        if (omitted > 0) {
            out.append('\n').append(String.format("(%,d more not shown)", omitted));
        }
        return out.toString();
    }

    private interface Renderer {
        String render(ValidationError error);
    }

    /** The rendered errors, in order, that fit in the budget after the reserved header/footer room. */
    private static List<String> fitting(ValidationReport report, int maxBytes, Renderer renderer) {
        List<String> shown = new ArrayList<>();
        long used = RESERVED_BYTES;
        for (ValidationError error : report.errors()) {
            String rendered = renderer.render(error);
            long size = utf8Length(rendered) + 1; // the separator
            if (used + size > maxBytes) {
                break;
            }
            used += size;
            shown.add(rendered);
        }
        return shown;
    }

    private static String errorLine(ValidationError error) {
        // describe() does not escape; a caller-built error could hold a line break or a lone surrogate.
        return UserText.printable(error.describe(), Integer.MAX_VALUE);
    }

    private static String errorJson(ValidationError error) {
        StringBuilder out = new StringBuilder(256).append("{\"entryIndex\":").append(error.entryIndex());
        if (error.runSettingId() != null) {
            out.append(",\"runSettingId\":");
            appendJsonString(out, error.runSettingId());
        }
        out.append(",\"pointer\":");
        appendJsonString(out, error.pointer());
        out.append(",\"line\":").append(error.line()).append(",\"column\":").append(error.column())
                .append(",\"message\":");
        appendJsonString(out, error.message());
        return out.append('}').toString();
    }

    /** A JSON string literal; control characters and lone surrogates are escaped so the UTF-8 stays valid. */
    static void appendJsonString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                UserText.appendEscape(out, c);
            } else if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (paired) {
                    out.append(c).append(value.charAt(++i));
                } else {
                    UserText.appendEscape(out, c);
                }
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** Bytes of {@code text} in UTF-8 (lone surrogates count as the 3-byte replacement an encoder would write). */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static void requireBudget(int maxBytes) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("maxBytes must be at least 1024, was " + maxBytes);
        }
    }
}
