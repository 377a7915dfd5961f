package io.omicsdropzone.samplesheet;

import io.omicsdropzone.validation.InputObjects;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks each row of a sheet against the pipeline's {@link SheetSchema}, placing every finding on the row and column:
 * cells converted to their declared types (an empty cell is an absent field), the standard keywords through
 * {@link RowSchema}, then nf-schema's own: path formats (a value HealthOmics cannot read is always an error),
 * {@code exists} (through pre-flight's input checks, when they are on), {@code deprecated}, {@code errorMessage}, and
 * the array-level {@code uniqueEntries} / {@code uniqueItems} across rows.
 */
final class SchemaRowCheck implements SheetJsonStream.RowCheck, AutoCloseable {

    static final String MISSING_FIELD = "missing required field (the cell is empty)";

    private final SheetSchema schema;
    private final String idColumn;
    private final SheetInputChecks inputs;
    private List<String> header = List.of();
    private final Map<String, Long> seenEntries = new HashMap<>();
    private final Map<String, Long> seenItems = new HashMap<>();
    /** The row's converted values, for a caller that reads them after the check (the sample key). */
    private final Map<String, Object> values = new LinkedHashMap<>();

    /**
     * @param idColumn names each row in errors (the sample column), or null
     * @param inputs   where {@code exists} is checked, or null when input checks are off
     */
    SchemaRowCheck(SheetSchema schema, String idColumn, InputObjects inputs, int concurrency) {
        this.schema = schema;
        this.idColumn = idColumn;
        this.inputs = inputs == null ? null : new SheetInputChecks(inputs, concurrency);
    }

    @Override
    public boolean header(List<String> names, SheetErrors errors) {
        header = names;
        List<String> missing = schema.required().stream().filter(name -> !names.contains(name)).toList();
        if (!missing.isEmpty()) {
            String message = "header: missing required column" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + " (the pipeline's schema " + schema.source() + " requires "
                    + String.join(", ", schema.required()) + ")";
            errors.add(new SheetError(1, null, null, null, message, message));
            return false;
        }
        return true;
    }

    @Override
    public boolean row(long row, List<String> cells, SheetErrors errors) {
        values.clear();
        for (int i = 0; i < header.size() && i < cells.size(); i++) {
            SheetSchema.Property property = schema.properties().get(header.get(i));
            String cell = cells.get(i);
            if (property != null && !cell.isEmpty() && !values.containsKey(property.name())) {
                values.put(property.name(), property.convert(cell));
            }
        }
        Object idValue = idColumn == null ? null : values.get(idColumn);
        String id = idValue == null ? null : idValue.toString();
        long before = errors.total();
        Set<String> reported = new LinkedHashSet<>();
        for (Map.Entry<String, Object> value : values.entrySet()) {
            SheetSchema.Property property = schema.properties().get(value.getKey());
            if (property.deprecated()) {
                String message = "column " + property.name() + " is deprecated in the pipeline's schema"
                        + (property.errorMessage() == null ? "" : ": " + property.errorMessage());
                errors.add(new SheetError(row, idColumn, id, property.name(), message, message));
                reported.add(property.name());
            } else if (property.isPath() && value.getValue() instanceof String path && !readable(path)) {
                String message = "HealthOmics reads inputs from S3 (s3://bucket/key) or its sequence stores"
                        + " (omics://), not from a " + (path.contains("://") ? "'" + scheme(path) + "' URI"
                        : "local path") + "; write the " + property.format() + " as an s3:// URI";
                errors.add(new SheetError(row, idColumn, id, property.name(), TemplateNode.Quote.of(path) + ": "
                        + message, message));
                reported.add(property.name());
            }
        }
        for (RowSchema.Violation violation : schema.rowSchema().check(values)) {
            String column = violation.property();
            if (column != null && !reported.add(column)) {
                continue; // one error per cell: the property's errorMessage says all of it
            }
            SheetSchema.Property property = column == null ? null : schema.properties().get(column);
            String message;
            if ("required".equals(violation.keyword()) && column != null) {
                message = MISSING_FIELD;
            } else if (property != null && property.errorMessage() != null) {
                message = property.errorMessage();
            } else {
                message = violation.message();
            }
            boolean quotesCell = property == null || property.errorMessage() == null;
            String safe = "required".equals(violation.keyword()) || !quotesCell ? message
                    : "the value does not satisfy the schema's " + violation.keyword();
            errors.add(new SheetError(row, idColumn, id, column, message, safe));
        }
        unique(row, id, errors);
        boolean valid = errors.total() == before;
        if (valid && inputs != null) {
            queueExists(row, id);
        }
        return valid;
    }

    private void unique(long row, String id, SheetErrors errors) {
        if (!schema.uniqueEntries().isEmpty()) {
            StringBuilder combination = new StringBuilder();
            for (String column : schema.uniqueEntries()) {
                Object value = values.get(column);
                combination.append(value == null ? "\u0001" : value.toString()).append('\u0000');
            }
            Long first = seenEntries.putIfAbsent(combination.toString(), row);
            if (first != null) {
                String message = "the combination of " + String.join(", ", schema.uniqueEntries()) + " repeats row "
                        + first + " (the schema's uniqueEntries)";
                errors.add(new SheetError(row, idColumn, id, null, message, message));
            }
        }
        if (schema.uniqueItems()) {
            Long first = seenItems.putIfAbsent(values.toString(), row);
            if (first != null) {
                String message = "the row repeats row " + first + " (the schema's uniqueItems)";
                errors.add(new SheetError(row, idColumn, id, null, message, message));
            }
        }
    }

    private void queueExists(long row, String id) {
        for (Map.Entry<String, Object> value : values.entrySet()) {
            SheetSchema.Property property = schema.properties().get(value.getKey());
            if (property.isPath() && property.exists() && value.getValue() instanceof String uri) {
                try {
                    inputs.check(row, idColumn, id, property.name(), uri, property.format());
                } catch (InterruptedIOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** The value of {@code column} in the row just checked (converted), or null when empty. */
    Object value(String column) {
        return values.get(column);
    }

    /** Waits for the input checks; their problems (none when checks are off). */
    SheetErrors finish() throws IOException {
        return inputs == null ? new SheetErrors(0) : inputs.finish();
    }

    static boolean readable(String path) {
        return path.startsWith("s3://") || path.startsWith("omics://");
    }

    private static String scheme(String path) {
        return path.substring(0, path.indexOf("://") + 3);
    }

    @Override
    public void close() {
        if (inputs != null) {
            inputs.close();
        }
    }
}
