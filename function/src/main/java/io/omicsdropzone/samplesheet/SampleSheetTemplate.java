package io.omicsdropzone.samplesheet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A pipeline's samplesheet: the columns a sheet must have and the row template that turns one row into one
 * StartRunBatch InlineSetting. Compiled once, when the pipelines file is loaded; every mistake in it is reported then,
 * not on the first dropped sheet.
 *
 * <p>Template syntax, inside any JSON string of the template: {@code {column}} inserts the cell as text;
 * {@code {column:int}}, {@code {column:number}}, {@code {column:bool}} make the whole value a JSON integer, number or
 * boolean (a typed placeholder must be the whole string); a trailing {@code ?} ({@code {column?}},
 * {@code {column:int?}}) makes the placeholder optional: an empty cell leaves the field out (or inserts nothing inside
 * a longer text). {@code {{} and {@code }}} write literal braces. Values that are not strings (numbers, booleans,
 * objects, arrays) are copied as they are, objects and arrays with their strings templated in turn.
 */
public final class SampleSheetTemplate {

    /** The InlineSetting members a template may set. */
    static final List<String> FIELDS = List.of("runSettingId", "name", "outputUri", "priority", "parameters",
            "outputBucketOwnerId", "runTags", "engineSettings");
    private static final Set<String> TEXT_FIELDS = Set.of("runSettingId", "name", "outputUri", "outputBucketOwnerId");

    private final List<String> columns;
    private final TemplateNode.ObjectNode runSetting;
    /** JSON pointer of each templated member (e.g. {@code /parameters/fastq_1}) → the columns it reads. */
    private final Map<String, Set<String>> columnsByPointer;
    private final String idColumn;
    private final SheetRuns runs;

    /**
     * In the per-sample and whole modes the template gets two columns of the dropzone's own, which no sheet has and
     * no placeholder can name from the pipelines file (a column name has no surrounding spaces): the sample key
     * (runSettingId) and the URI of the run's sheet (the input parameter).
     */
    static final String SAMPLE_KEY = " sample key";
    static final String SHEET_URI = " sheet uri";

    private SampleSheetTemplate(List<String> columns, TemplateNode.ObjectNode runSetting,
                                Map<String, Set<String>> columnsByPointer, SheetRuns runs) {
        this.runs = runs;
        this.columns = List.copyOf(columns);
        this.runSetting = runSetting;
        this.columnsByPointer = Map.copyOf(columnsByPointer);
        TemplateNode id = runSetting.members().stream().filter(m -> m.getKey().equals("runSettingId"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        Placeholder whole = id instanceof TemplateNode.Text text ? text.whole() : null;
        this.idColumn = whole != null ? whole.column() : null;
    }

    /**
     * Compiles a template, adding every problem (prefixed with {@code where}, e.g. {@code pipeline 'wgs':
     * samplesheet}) to {@code problems}.
     *
     * @param columns  the declared header names
     * @param template the runSetting object as read from JSON (maps, lists, strings, numbers, booleans)
     * @return null when there were problems
     */
    public static SampleSheetTemplate compile(List<?> columns, Object template, String where, List<String> problems) {
        return compile(columns, template, SheetRuns.PER_ROW, where, problems);
    }

    /**
     * As above, for a pipeline whose sheets have a schema or are turned into runs per sample or whole. Per row, the
     * template is as today. Per sample and whole, {@code template} is optional and holds only the per-run extras
     * (name, runTags, priority, outputUri, more parameters), evaluated on each group's first row: runSettingId is
     * the sample (or the sheet's name) and the input parameter the URI of the run's sheet.
     *
     * @param columns the declared header names; with a schema and none declared: the schema's properties (per
     *                sample, whole) or its required ones (per row)
     */
    public static SampleSheetTemplate compile(List<?> columns, Object template, SheetRuns runs, String where,
                                              List<String> problems) {
        if (columns == null && runs.schema() != null) {
            columns = runs.grouped() ? runs.schema().propertyNames() : runs.schema().required();
        }
        if (!runs.grouped()) {
            return compileRows(columns, template, runs, where, problems);
        }
        Map<String, Object> extended = new LinkedHashMap<>();
        if (template != null && !(template instanceof Map<?, ?>)) {
            problems.add(where + ".runSetting: a JSON object (the per-run extras) is required");
            return null;
        }
        if (template instanceof Map<?, ?> given) {
            given.forEach((key, value) -> extended.put(String.valueOf(key), value));
        }
        if (extended.containsKey("runSettingId")) {
            problems.add(where + ".runSetting.runSettingId: leave it out: in " + runs.mode().text() + " mode it is "
                    + (runs.mode() == SheetRuns.Mode.WHOLE ? "the sheet's file name" : "the sample"));
        }
        extended.put("runSettingId", "{" + SAMPLE_KEY + "}");
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (extended.get("parameters") instanceof Map<?, ?> given) {
            given.forEach((key, value) -> parameters.put(String.valueOf(key), value));
        } else if (extended.containsKey("parameters")) {
            problems.add(where + ".runSetting.parameters: must be a JSON object");
        }
        if (parameters.containsKey(runs.inputParameter())) {
            problems.add(where + ".runSetting.parameters." + runs.inputParameter() + ": leave it out: it is the S3"
                    + " URI of the run's sheet, which the dropzone writes");
        }
        parameters.put(runs.inputParameter(), "{" + SHEET_URI + "}");
        extended.put("parameters", parameters);
        return compileRows(columns, extended, runs, where, problems);
    }

    private static SampleSheetTemplate compileRows(List<?> columns, Object template, SheetRuns runs, String where,
                                                   List<String> problems) {
        int before = problems.size();
        List<String> names = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        if (columns == null || columns.isEmpty()) {
            problems.add(where + ".columns: a non-empty list of the sheet's column names is required");
        } else {
            for (Object column : columns) {
                if (!(column instanceof String name) || name.isBlank() || !name.strip().equals(name)
                        || name.chars().anyMatch(c -> c == '{' || c == '}' || c == ':' || c == '?' || c < 0x20)) {
                    problems.add(where + ".columns: '" + column + "' is not a column name (text without surrounding"
                            + " spaces, control characters, braces, ':' or '?')");
                } else if (index.putIfAbsent(name, names.size()) != null) {
                    problems.add(where + ".columns: '" + name + "' is listed twice");
                } else {
                    names.add(name);
                }
            }
        }
        if (!(template instanceof Map<?, ?> map)) {
            problems.add(where + ".runSetting: a JSON object (one StartRunBatch InlineSetting per row) is required");
            return null;
        }
        if (runs.grouped()) {
            for (String own : List.of(SAMPLE_KEY, SHEET_URI)) {
                index.put(own, names.size());
                names.add(own);
            }
        }
        Compiler compiler = new Compiler(names, index, where + ".runSetting", problems);
        TemplateNode.ObjectNode root = compiler.topLevel(map);
        if (problems.size() > before) {
            return null;
        }
        return new SampleSheetTemplate(names, root, compiler.columnsByPointer, runs);
    }

    /** The declared columns, in order (per sample and whole: followed by the dropzone's own two). */
    public List<String> columns() {
        return columns;
    }

    /** How sheets become runs, and their schema. */
    public SheetRuns runs() {
        return runs;
    }

    TemplateNode.ObjectNode runSetting() {
        return runSetting;
    }

    /** The column runSettingId is made of when it is exactly one placeholder, else null. */
    String idColumn() {
        return idColumn;
    }

    /**
     * The columns behind the member at {@code pointer} (relative to the entry, e.g. {@code /parameters/fastq_1}),
     * found at that member or the nearest templated member above it; empty when it is a constant of the template.
     */
    Set<String> columnsAt(String pointer) {
        for (String p = pointer; !p.isEmpty(); p = p.substring(0, p.lastIndexOf('/'))) {
            Set<String> found = columnsByPointer.get(p);
            if (found != null) {
                return found;
            }
        }
        return Set.of();
    }

    /** Walks the template once, building nodes and noting each member's columns. */
    private static final class Compiler {
        private final List<String> columns;
        private final Map<String, Integer> index;
        private final String where;
        private final List<String> problems;
        private final Map<String, Set<String>> columnsByPointer = new LinkedHashMap<>();

        Compiler(List<String> columns, Map<String, Integer> index, String where, List<String> problems) {
            this.columns = columns;
            this.index = index;
            this.where = where;
            this.problems = problems;
        }

        TemplateNode.ObjectNode topLevel(Map<?, ?> template) {
            List<Map.Entry<String, TemplateNode>> members = TemplateNode.members();
            if (!template.containsKey("runSettingId")) {
                problems.add(where + ": runSettingId is required (e.g. \"{sample}\"): each row needs a unique id");
            }
            for (Map.Entry<?, ?> member : template.entrySet()) {
                String field = (String) member.getKey();
                Object value = member.getValue();
                String path = where + "." + field;
                if (!FIELDS.contains(field)) {
                    problems.add(path + ": not a StartRunBatch InlineSetting field (allowed: " + String.join(", ", FIELDS)
                            + ")");
                    continue;
                }
                TemplateNode node = node(value, path, "/" + escape(field));
                if (node == null) {
                    continue;
                }
                checkFieldType(field, value, node, path);
                members.add(Map.entry(field, node));
            }
            return new TemplateNode.ObjectNode(List.copyOf(members));
        }

        /** The InlineSetting's own types, so a template cannot promise what no row could satisfy. */
        private void checkFieldType(String field, Object value, TemplateNode node, String path) {
            Placeholder whole = node instanceof TemplateNode.Text text ? text.whole() : null;
            if (TEXT_FIELDS.contains(field)) {
                if (!(value instanceof String)) {
                    problems.add(path + ": must be a string template");
                } else if (whole != null && whole.type() != ValueType.STRING) {
                    problems.add(path + ": must be text, not " + whole.syntax());
                }
            }
            if (field.equals("runSettingId") && value instanceof String && !(node instanceof TemplateNode.Text)) {
                problems.add(path + ": must contain a placeholder, or every row gets the same runSettingId");
            }
            if (field.equals("runSettingId") && whole != null && whole.optional()) {
                problems.add(path + ": cannot be optional (" + whole.syntax() + "): every run needs an id");
            }
            if (field.equals("priority")) {
                boolean typed = whole != null && whole.type() == ValueType.INT;
                if (!typed && !(value instanceof Long)) {
                    problems.add(path + ": must be an integer or an integer placeholder such as {priority:int}");
                }
            }
            if ((field.equals("parameters") || field.equals("runTags") || field.equals("engineSettings"))
                    && !(value instanceof Map<?, ?>)) {
                problems.add(path + ": must be a JSON object");
            }
            if (field.equals("runTags") && value instanceof Map<?, ?> tags) {
                tags.forEach((key, tag) -> {
                    if (!(tag instanceof String)) {
                        problems.add(path + "." + key + ": tag values must be string templates");
                    } else if (node instanceof TemplateNode.ObjectNode object) {
                        object.members().stream().filter(m -> m.getKey().equals(key)).findFirst()
                                .map(Map.Entry::getValue)
                                .filter(TemplateNode.Text.class::isInstance)
                                .map(t -> ((TemplateNode.Text) t).whole())
                                .filter(p -> p != null && p.type() != ValueType.STRING)
                                .ifPresent(p -> problems.add(path + "." + key + ": tag values must be text, not "
                                        + p.syntax()));
                    }
                });
            }
        }

        private TemplateNode node(Object value, String path, String pointer) {
            if (value instanceof String text) {
                TemplateNode.Text node = text(text, path);
                if (node != null && node.parts().stream().anyMatch(Placeholder.class::isInstance)) {
                    columnsByPointer.put(pointer, TemplateNode.columnsOf(node));
                }
                return node == null || node.parts().stream().anyMatch(Placeholder.class::isInstance) ? node
                        : new TemplateNode.Literal(node.parts().isEmpty() ? "" : String.join("",
                                node.parts().stream().map(String.class::cast).toList()));
            }
            if (value instanceof Map<?, ?> map) {
                List<Map.Entry<String, TemplateNode>> members = TemplateNode.members();
                for (Map.Entry<?, ?> member : map.entrySet()) {
                    String key = (String) member.getKey();
                    TemplateNode child = node(member.getValue(), path + "." + key, pointer + "/" + escape(key));
                    if (child != null) {
                        members.add(Map.entry(key, child));
                    }
                }
                TemplateNode.ObjectNode object = new TemplateNode.ObjectNode(List.copyOf(members));
                note(object, pointer);
                return object;
            }
            if (value instanceof List<?> list) {
                List<TemplateNode> elements = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    TemplateNode child = node(list.get(i), path + "[" + i + "]", pointer + "/" + i);
                    if (child != null) {
                        elements.add(child);
                    }
                }
                TemplateNode.ArrayNode array = new TemplateNode.ArrayNode(List.copyOf(elements));
                note(array, pointer);
                return array;
            }
            if (value == null) {
                problems.add(path + ": null is not allowed; leave the field out instead");
                return null;
            }
            return new TemplateNode.Literal(value);
        }

        private void note(TemplateNode container, String pointer) {
            Set<String> used = TemplateNode.columnsOf(container);
            if (!used.isEmpty()) {
                columnsByPointer.put(pointer, used);
            }
        }

        /** Splits {@code text} into literal strings and placeholders; reports syntax errors and unknown names. */
        private TemplateNode.Text text(String text, String path) {
            List<Object> parts = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            boolean ok = true;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                    literal.append('{');
                    i++;
                } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                    literal.append('}');
                    i++;
                } else if (c == '}') {
                    problems.add(path + ": unmatched '}' in \"" + text + "\" (write }} for a literal brace)");
                    ok = false;
                } else if (c == '{') {
                    int end = text.indexOf('}', i + 1);
                    if (end < 0) {
                        problems.add(path + ": unclosed '{' in \"" + text + "\" (write {{ for a literal brace)");
                        ok = false;
                        break;
                    }
                    Placeholder placeholder = placeholder(text.substring(i + 1, end), path);
                    if (placeholder == null) {
                        ok = false;
                    } else {
                        if (literal.length() > 0) {
                            parts.add(literal.toString());
                            literal.setLength(0);
                        }
                        parts.add(placeholder);
                    }
                    i = end;
                } else {
                    literal.append(c);
                }
            }
            if (literal.length() > 0) {
                parts.add(literal.toString());
            }
            if (!ok) {
                return null;
            }
            for (Object part : parts) {
                if (part instanceof Placeholder p && p.type() != ValueType.STRING && parts.size() > 1) {
                    problems.add(path + ": " + p.syntax() + " must be the whole value: a typed placeholder makes"
                            + " the value a JSON " + p.type().syntax() + ", which cannot sit inside text");
                    return null;
                }
            }
            return new TemplateNode.Text(List.copyOf(parts));
        }

        private Placeholder placeholder(String inside, String path) {
            boolean optional = inside.endsWith("?");
            String body = optional ? inside.substring(0, inside.length() - 1) : inside;
            int colon = body.indexOf(':');
            String name = colon < 0 ? body : body.substring(0, colon);
            ValueType type = ValueType.STRING;
            if (colon >= 0) {
                type = ValueType.forSyntax(body.substring(colon + 1));
                if (type == null) {
                    problems.add(path + ": unknown type '" + body.substring(colon + 1) + "' in {" + inside
                            + "}; types are " + ValueType.NAMES);
                    return null;
                }
            }
            Integer at = index.get(name);
            if (at == null) {
                problems.add(path + ": unknown placeholder {" + inside + "}; the declared columns are "
                        + (columns.isEmpty() ? "none" : String.join(", ", columns.stream()
                                .filter(c -> !c.startsWith(" ")).toList())));
                return null;
            }
            return new Placeholder(name, at, type, optional);
        }
    }

    /** RFC 6901 escaping of one pointer segment, as the validator writes its pointers. */
    static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    @Override
    public String toString() {
        return "SampleSheetTemplate" + columns.stream().collect(Collectors.joining(", ", "[", "]"));
    }
}
