package io.omicsdropzone.samplesheet;

import io.omicsdropzone.json.JsonWriter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An nf-core pipeline's {@code schema_input.json} (nf-schema: JSON Schema 2020-12 plus its own keywords), as far as
 * the dropzone reads it itself: each property's declared type (to convert cells), its path {@code format} and
 * {@code exists}, {@code errorMessage}, {@code deprecated} and {@code meta}; the row's {@code required}; and the
 * array-level {@code uniqueEntries} / {@code uniqueItems}. The standard keywords (type, pattern, enum, anyOf,
 * dependentRequired, ...) are checked by a JSON Schema library behind {@link RowSchema}, compiled on the first sheet
 * that needs it, so a plain JSON drop never loads it.
 */
public final class SheetSchema {

    /** The nf-schema path formats: HealthOmics can read only S3 (and its own sequence stores). */
    static final Set<String> PATH_FORMATS = Set.of("file-path", "directory-path", "path", "file-path-pattern");
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    /** Array-level keywords a per-row check cannot apply; the dropzone applies uniqueEntries/uniqueItems itself. */
    private static final Set<String> KEPT_AT_ROOT = Set.of("$schema", "$id", "$defs", "definitions", "items", "type",
            "title", "description");

    /**
     * One column of the sheet as the schema declares it.
     *
     * @param types        the declared {@code type}s (empty when not declared, e.g. an {@code anyOf})
     * @param format       the nf-schema path format, or null
     * @param errorMessage shown instead of the library's text for this property's violations, or null
     */
    record Property(String name, Set<String> types, String format, boolean exists, String errorMessage,
                    boolean deprecated) {

        /** A cell as the declared type: an integer, number or boolean when declared (and it parses); else text. */
        Object convert(String cell) {
            if (types.isEmpty() || types.contains("string")) {
                return cell;
            }
            if (types.contains("integer")) {
                try {
                    return Long.parseLong(cell);
                } catch (NumberFormatException notInteger) {
                    // tried as a number next, or left as text for the type check to report
                }
            }
            if (types.contains("number") || types.contains("integer")) {
                try {
                    BigDecimal number = new BigDecimal(cell);
                    // "2.0" is an integer in JSON Schema; BigDecimal keeps it a number the library accepts as one.
                    return number;
                } catch (NumberFormatException notNumber) {
                    // left as text
                }
            }
            if (types.contains("boolean") && (cell.equalsIgnoreCase("true") || cell.equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(cell.toLowerCase(java.util.Locale.ROOT));
            }
            return cell;
        }

        boolean isPath() {
            return format != null;
        }
    }

    private final String source;
    private final String json;
    private final Map<String, Property> properties;
    private final List<String> required;
    private final List<String> uniqueEntries;
    private final boolean uniqueItems;
    private final String idProperty;
    private volatile RowSchema compiled;

    private SheetSchema(String source, String json, Map<String, Property> properties, List<String> required,
                        List<String> uniqueEntries, boolean uniqueItems, String idProperty) {
        this.source = source;
        this.json = json;
        this.properties = properties;
        this.required = required;
        this.uniqueEntries = uniqueEntries;
        this.uniqueItems = uniqueItems;
        this.idProperty = idProperty;
    }

    /**
     * Reads a schema, adding every problem (prefixed with {@code where}) to {@code problems}.
     *
     * @param schema the parsed JSON (maps, lists, strings, numbers, booleans)
     * @param source where it came from, for messages (a path, or {@code inline})
     * @return null when there were problems
     */
    public static SheetSchema read(Object schema, String source, String where, List<String> problems) {
        int before = problems.size();
        if (!(schema instanceof Map<?, ?> root)) {
            problems.add(where + ": the schema must be a JSON object (an nf-schema schema_input.json)");
            return null;
        }
        Object dialect = root.get("$schema");
        if (dialect != null && !DRAFT_2020_12.equals(String.valueOf(dialect).replaceAll("#$", ""))) {
            problems.add(where + ": $schema " + dialect + " is not supported: only nf-schema schemas (JSON Schema"
                    + " draft 2020-12) are; an nf-validation (draft-07) schema must be migrated to nf-schema first");
        }
        if (root.get("type") != null && !"array".equals(root.get("type"))) {
            problems.add(where + ": type must be \"array\" (a sheet is an array of rows)");
        }
        externalRefs(root, "", where, problems);
        Map<?, ?> items = root.get("items") instanceof Map<?, ?> map ? map : null;
        Map<?, ?> declared = items != null && items.get("properties") instanceof Map<?, ?> map ? map : null;
        if (declared == null || declared.isEmpty()) {
            problems.add(where + ": items.properties must name the sheet's columns");
            return null;
        }
        Map<String, Property> properties = new LinkedHashMap<>();
        String idProperty = null;
        for (Map.Entry<?, ?> entry : declared.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (!(entry.getValue() instanceof Map<?, ?> rules)) {
                problems.add(where + ": items.properties." + name + " must be a JSON object");
                continue;
            }
            Set<String> types = new LinkedHashSet<>();
            Object type = rules.get("type");
            if (type instanceof String one) {
                types.add(one);
            } else if (type instanceof List<?> many) {
                many.forEach(t -> types.add(String.valueOf(t)));
            }
            String format = rules.get("format") instanceof String f && PATH_FORMATS.contains(f) ? f : null;
            boolean exists = Boolean.TRUE.equals(rules.get("exists"));
            String errorMessage = rules.get("errorMessage") instanceof String text ? text : null;
            boolean deprecated = Boolean.TRUE.equals(rules.get("deprecated"));
            Object meta = rules.get("meta");
            boolean isId = meta instanceof List<?> list ? list.contains("id") : "id".equals(meta);
            if (isId && idProperty == null) {
                idProperty = name;
            }
            properties.put(name, new Property(name, Set.copyOf(types), format, exists, errorMessage, deprecated));
        }
        List<String> required = strings(items.get("required"), where + ": items.required", problems);
        List<String> uniqueEntries = strings(root.get("uniqueEntries"), where + ": uniqueEntries", problems);
        for (String column : uniqueEntries) {
            if (!properties.containsKey(column)) {
                problems.add(where + ": uniqueEntries names '" + column + "', which is not a property of items");
            }
        }
        if (problems.size() > before) {
            return null;
        }
        Map<String, Object> rowSchema = new LinkedHashMap<>();
        root.forEach((key, value) -> {
            if (KEPT_AT_ROOT.contains(String.valueOf(key))) {
                rowSchema.put(String.valueOf(key), value);
            }
        });
        return new SheetSchema(source, JsonWriter.write(rowSchema), Map.copyOf(properties), List.copyOf(required),
                List.copyOf(uniqueEntries), Boolean.TRUE.equals(root.get("uniqueItems")), idProperty);
    }

    /** A {@code $ref} to another document would be fetched over the network at run time: refused when loaded. */
    private static void externalRefs(Object node, String path, String where, List<String> problems) {
        if (node instanceof Map<?, ?> map) {
            Object ref = map.get("$ref");
            if (ref instanceof String text && !text.startsWith("#")) {
                problems.add(where + ": " + (path.isEmpty() ? "/" : path) + "/$ref " + text + " names another"
                        + " document; only references inside the schema (#/...) are supported");
            }
            map.forEach((key, value) -> externalRefs(value, path + "/" + key, where, problems));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                externalRefs(list.get(i), path + "/" + i, where, problems);
            }
        }
    }

    private static List<String> strings(Object value, String where, List<String> problems) {
        if (value == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            list.forEach(v -> out.add((String) v));
        } else {
            problems.add(where + " must be a list of property names");
        }
        return out;
    }

    /** Where the schema came from: its path in the pipelines file's folder, or {@code inline}. */
    public String source() {
        return source;
    }

    /** The properties in declaration order. */
    Map<String, Property> properties() {
        return properties;
    }

    /** The property names, in the schema's order. */
    public List<String> propertyNames() {
        return List.copyOf(properties.keySet());
    }

    List<String> required() {
        return required;
    }

    List<String> uniqueEntries() {
        return uniqueEntries;
    }

    boolean uniqueItems() {
        return uniqueItems;
    }

    /** The property with {@code meta: ["id"]} (nf-schema's sample key), or null. */
    public String idProperty() {
        return idProperty;
    }

    /** The standard keywords, compiled on first use (the library is loaded only then). */
    RowSchema rowSchema() {
        RowSchema schema = compiled;
        if (schema == null) {
            synchronized (this) {
                schema = compiled;
                if (schema == null) {
                    schema = RowSchemas.compile(json);
                    compiled = schema;
                }
            }
        }
        return schema;
    }

    @Override
    public String toString() {
        return "SheetSchema[" + source + "]";
    }
}
