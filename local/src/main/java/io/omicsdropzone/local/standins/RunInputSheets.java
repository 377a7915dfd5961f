package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The samplesheets a run reads as inputs (a parameter naming an {@code s3://...csv} or {@code .tsv} object): read
 * when the run starts, as HealthOmics stages a run's S3 inputs then ("HealthOmics run inputs",
 * https://docs.aws.amazon.com/omics/latest/dev/workflows-run-inputs.html). A sheet that does not exist fails the run
 * with {@code INPUT_URI_NOT_FOUND}; one that is not a CSV/TSV with a header and rows of its width fails it as the
 * workflow's own sheet validation would, {@code WORKFLOW_RUN_FAILED} ("Run failure reasons",
 * https://docs.aws.amazon.com/omics/latest/dev/workflows-run-errors.html). Every sheet read is recorded, so tests see
 * what each run was given.
 */
final class RunInputSheets {

    /**
     * One sheet a run read.
     *
     * @param rows    data rows (the header not counted); -1 when unreadable
     * @param problem null when the run could use it
     */
    record SheetRead(String runSettingId, String uri, String header, int rows, String problem) {
    }

    private final S3Client s3;
    private final List<SheetRead> reads = new CopyOnWriteArrayList<>();

    RunInputSheets(S3Client s3) {
        this.s3 = s3;
    }

    List<SheetRead> reads() {
        return List.copyOf(reads);
    }

    void clear() {
        reads.clear();
    }

    /** The failure of a run whose parameters name a sheet it cannot use, or null. */
    String check(String runSettingId, JsonNode parameters) {
        if (parameters == null || !parameters.isObject()) {
            return null;
        }
        String failure = null;
        for (Iterator<JsonNode> values = parameters.elements(); values.hasNext(); ) {
            JsonNode value = values.next();
            if (!value.isTextual() || !isSheet(value.textValue())) {
                continue;
            }
            SheetRead read = read(runSettingId, value.textValue());
            reads.add(read);
            failure = failure == null ? read.problem() : failure;
        }
        return failure;
    }

    private static boolean isSheet(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("s3://") && (lower.endsWith(".csv") || lower.endsWith(".tsv"));
    }

    private SheetRead read(String runSettingId, String uri) {
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = rest.substring(0, Math.max(slash, 0));
        String key = rest.substring(slash + 1);
        String text;
        try {
            text = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
        } catch (S3Exception e) {
            String reason = e.statusCode() == 404 ? "INPUT_URI_NOT_FOUND: The provided URI does not exist: " + uri
                    : "IMPORT_FAILED: The import failed for " + uri + " (HTTP " + e.statusCode() + ")";
            return new SheetRead(runSettingId, uri, null, -1, reason);
        } catch (SdkException e) {
            return new SheetRead(runSettingId, uri, null, -1, "SERVICE_ERROR: " + e.getMessage());
        }
        char separator = uri.toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
        List<List<String>> records = records(text.startsWith("\uFEFF") ? text.substring(1) : text, separator);
        if (records == null) {
            return new SheetRead(runSettingId, uri, null, -1, "WORKFLOW_RUN_FAILED: " + uri + " is not valid CSV");
        }
        if (records.isEmpty() || records.get(0).stream().allMatch(String::isBlank)) {
            return new SheetRead(runSettingId, uri, null, -1, "WORKFLOW_RUN_FAILED: " + uri + " has no header");
        }
        int width = records.get(0).size();
        for (int i = 1; i < records.size(); i++) {
            if (records.get(i).size() != width) {
                return new SheetRead(runSettingId, uri, String.join(",", records.get(0)), records.size() - 1,
                        "WORKFLOW_RUN_FAILED: row " + (i + 1) + " of " + uri + " has " + records.get(i).size()
                                + " fields, the header " + width);
            }
        }
        if (records.size() < 2) {
            return new SheetRead(runSettingId, uri, String.join(",", records.get(0)), 0,
                    "WORKFLOW_RUN_FAILED: " + uri + " has no rows");
        }
        return new SheetRead(runSettingId, uri, String.join(",", records.get(0)), records.size() - 1, null);
    }

    /** RFC 4180 records (quoted fields may hold separators, quotes doubled, line breaks); null when malformed. */
    static List<List<String>> records(String text, char separator) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
                any = true;
            } else if (c == separator) {
                record.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || field.length() > 0) {
                    record.add(field.toString());
                    records.add(record);
                }
                record = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else if (c == '"') {
                return null;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (quoted) {
            return null;
        }
        if (any || field.length() > 0) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
