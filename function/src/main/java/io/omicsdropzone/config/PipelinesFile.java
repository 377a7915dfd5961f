package io.omicsdropzone.config;

import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.domain.pipeline.Pipeline;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.json.JsonWriter;
import io.omicsdropzone.samplesheet.SampleSheetTemplate;
import io.omicsdropzone.samplesheet.SheetRuns;
import io.omicsdropzone.samplesheet.SheetSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks a pipelines file: a JSON object (comments allowed) with a {@code pipelines} array, each pipeline a
 * name, a key prefix, a {@code defaultRunSetting} checked exactly as {@code DEFAULT_RUN_SETTING} is, and optionally a
 * service role, batch tags and a samplesheet template. Every problem is collected, each naming the pipeline and the
 * field, and reported in one {@link ConfigException}: at synth time (the CDK app loads the file with this class) and
 * at function start.
 */
public final class PipelinesFile {

    /** Where the function finds the file (the Lambda layer puts it at /opt/pipelines.json). */
    public static final String PIPELINES_FILE = "PIPELINES_FILE";
    /** The stack's HealthOmics service role, used by pipelines that name none of their own. */
    public static final String SERVICE_ROLE_ARN = "SERVICE_ROLE_ARN";
    /** The stack's output location; a pipeline without {@code outputUri} writes under {@code OUTPUT_URI/<name>/}. */
    public static final String OUTPUT_URI = "OUTPUT_URI";

    /** Far beyond the 20 the dropzone is sized for, and still one small file read at start-up. */
    static final int MAX_PIPELINES = 200;
    /** AWS allows 50 tags per resource; the dropzone's own take up to 7. */
    static final int MAX_BATCH_TAGS = 40;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Set<String> PIPELINE_FIELDS = Set.of("name", "keyPrefix", "serviceRoleArn",
            "defaultRunSetting", "batchTags", "samplesheet", "checkInputs");
    private static final Set<String> SAMPLESHEET_FIELDS = Set.of("columns", "runSetting", "schema", "runs",
            "sampleColumn", "inputParameter");
    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    /**
     * What the deployment supplies for pipelines that leave it out.
     *
     * @param serviceRoleArn the stack's service role, or null (then every pipeline must name its own)
     * @param outputUri      the stack's output location ending in '/', or null (then every pipeline must name its own)
     */
    public record Defaults(String serviceRoleArn, String outputUri) {

        /** From {@link #SERVICE_ROLE_ARN} and {@link #OUTPUT_URI}. */
        public static Defaults fromEnvironment(Map<String, String> environment) {
            return new Defaults(blankToNull(environment.get(SERVICE_ROLE_ARN)), blankToNull(environment.get(OUTPUT_URI)));
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }

    private PipelinesFile() {
    }

    /**
     * The deployment's pipelines: the file named by {@link #PIPELINES_FILE}, or else today's single
     * {@code DEFAULT_RUN_SETTING} as a one-pipeline configuration (every key under the upload prefix).
     *
     * @throws ConfigException naming every problem, or when neither is set
     */
    public static Pipelines fromEnvironment(Map<String, String> environment) {
        String file = environment.get(PIPELINES_FILE);
        if (file != null && !file.isBlank()) {
            return read(Path.of(file.trim()), Defaults.fromEnvironment(environment));
        }
        String setting = environment.get(Config.DEFAULT_RUN_SETTING);
        if (setting == null || setting.isBlank()) {
            throw new ConfigException(List.of(PIPELINES_FILE + " or " + Config.DEFAULT_RUN_SETTING + " must be set"));
        }
        List<String> problems = new ArrayList<>();
        DefaultRunSetting parsed = DefaultRunSettingParser.parse(Config.DEFAULT_RUN_SETTING, setting.trim(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return Pipelines.single(parsed);
    }

    /** @throws ConfigException naming every problem, or when the file cannot be read */
    public static Pipelines read(Path file, Defaults defaults) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(PIPELINES_FILE + ": cannot read " + file + ": " + e));
        }
        return parse(text, defaults, file.toAbsolutePath().getParent());
    }

    /** @throws ConfigException naming every problem */
    public static Pipelines parse(String json, Defaults defaults) {
        return parse(json, defaults, null);
    }

    /**
     * @param folder the pipelines file's folder, where samplesheet schema paths are resolved; null: schemas must be
     *               inline
     * @throws ConfigException naming every problem
     */
    public static Pipelines parse(String json, Defaults defaults, Path folder) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> root;
        try {
            root = JsonReader.readObjectWithComments(json);
        } catch (JsonReader.JsonFormatException e) {
            throw new ConfigException(List.of("pipelines file is not a JSON object: " + e.getMessage()));
        }
        root.keySet().stream().filter(key -> !key.equals("pipelines")).sorted()
                .forEach(key -> problems.add("pipelines file: unknown field '" + key + "' (only 'pipelines')"));
        List<Pipeline> pipelines = new ArrayList<>();
        if (!(root.get("pipelines") instanceof List<?> list) || list.isEmpty()) {
            problems.add("pipelines file: 'pipelines' must be a non-empty array of pipelines");
        } else if (list.size() > MAX_PIPELINES) {
            problems.add("pipelines file: at most " + MAX_PIPELINES + " pipelines, found " + list.size());
        } else {
            Set<String> names = new HashSet<>();
            Map<String, String> prefixes = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) {
                Pipeline pipeline = pipeline(list.get(i), i, defaults, folder, names, prefixes, problems);
                if (pipeline != null) {
                    pipelines.add(pipeline);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Pipelines(pipelines);
    }

    private static Pipeline pipeline(Object value, int index, Defaults defaults, Path folder, Set<String> names,
                                     Map<String, String> prefixes, List<String> problems) {
        if (!(value instanceof Map<?, ?> fields)) {
            problems.add("pipelines[" + index + "]: must be a JSON object");
            return null;
        }
        int before = problems.size();
        String name = fields.get("name") instanceof String text ? text : null;
        String where = name != null ? "pipeline '" + name + "'" : "pipelines[" + index + "]";
        if (name == null) {
            problems.add(where + ": name is required (1–64 letters, digits, '-' or '_')");
        } else if (!NAME.matcher(name).matches()) {
            problems.add(where + ": name must be 1–64 letters, digits, '-' or '_', starting with a letter or digit");
        } else if (!names.add(name)) {
            problems.add(where + ": name is used by another pipeline");
        }
        fields.keySet().stream().map(String::valueOf).filter(key -> !PIPELINE_FIELDS.contains(key)).sorted()
                .forEach(key -> problems.add(where + ": unknown field '" + key + "' (allowed: "
                        + String.join(", ", PIPELINE_FIELDS.stream().sorted().toList()) + ")"));

        String prefix = keyPrefix(fields.get("keyPrefix"), where, prefixes, problems);

        String role = null;
        Object ownRole = fields.get("serviceRoleArn");
        if (ownRole != null) {
            if (ownRole instanceof String arn && ROLE_ARN.matcher(arn).matches()) {
                role = arn;
            } else {
                problems.add(where + ": serviceRoleArn must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
            }
        } else if (defaults.serviceRoleArn() != null) {
            role = defaults.serviceRoleArn();
        } else {
            problems.add(where + ": serviceRoleArn is required: no stack service role is configured ("
                    + SERVICE_ROLE_ARN + ")");
        }

        DefaultRunSetting setting = null;
        if (!(fields.get("defaultRunSetting") instanceof Map<?, ?> given)) {
            problems.add(where + ": defaultRunSetting is required: a JSON object with at least workflowId");
        } else if (given.containsKey("roleArn")) {
            problems.add(where + ": defaultRunSetting.roleArn: set the pipeline's serviceRoleArn instead, or leave"
                    + " both out to use the stack's service role");
        } else if (role != null) {
            Map<String, Object> complete = new LinkedHashMap<>();
            given.forEach((key, v) -> complete.put(String.valueOf(key), v));
            complete.put("roleArn", role);
            if (!complete.containsKey("outputUri") && defaults.outputUri() != null && name != null) {
                complete.put("outputUri", defaults.outputUri() + name + "/");
            }
            setting = DefaultRunSettingParser.parse(where + ": defaultRunSetting", JsonWriter.write(complete),
                    problems);
        }
        if (fields.get("defaultRunSetting") instanceof Map<?, ?> given && !given.containsKey("outputUri")
                && defaults.outputUri() == null) {
            // StartRun requires an output location: a batch without one is accepted, and every run fails later.
            problems.add(where + ": defaultRunSetting.outputUri is required: no stack output location is configured ("
                    + OUTPUT_URI + ")");
        }

        Map<String, String> tags = batchTags(fields.get("batchTags"), where, problems);

        Optional<SampleSheetTemplate> samplesheet = Optional.empty();
        Object sheet = fields.get("samplesheet");
        if (sheet != null) {
            if (!(sheet instanceof Map<?, ?> sheetFields)) {
                problems.add(where + ": samplesheet must be a JSON object with columns and runSetting");
            } else {
                sheetFields.keySet().stream().map(String::valueOf).filter(key -> !SAMPLESHEET_FIELDS.contains(key))
                        .sorted().forEach(key -> problems.add(where + ": samplesheet: unknown field '" + key
                                + "' (allowed: " + String.join(", ", SAMPLESHEET_FIELDS.stream().sorted().toList())
                                + ")"));
                List<?> columns = sheetFields.get("columns") instanceof List<?> list ? list : null;
                SheetRuns runs = sheetRuns(sheetFields, folder, where + ": samplesheet", problems);
                if (runs != null) {
                    samplesheet = Optional.ofNullable(SampleSheetTemplate.compile(columns,
                            sheetFields.get("runSetting"), runs, where + ": samplesheet", problems));
                }
            }
        }
        Object checkInputs = fields.get("checkInputs");
        if (checkInputs != null && !(checkInputs instanceof Boolean)) {
            problems.add(where + ": checkInputs must be true or false (leave it out to follow CHECK_INPUTS)");
        }
        if (problems.size() > before) {
            return null;
        }
        return new Pipeline(name, prefix, setting, tags, samplesheet, Optional.ofNullable((Boolean) checkInputs));
    }

    /** {@code schema}, {@code runs}, {@code sampleColumn} and {@code inputParameter}; null when there were problems. */
    private static SheetRuns sheetRuns(Map<?, ?> fields, Path folder, String where, List<String> problems) {
        int before = problems.size();
        SheetSchema schema = null;
        Object given = fields.get("schema");
        if (given instanceof Map<?, ?> inline) {
            schema = SheetSchema.read(inline, "inline", where + ".schema", problems);
        } else if (given instanceof String path) {
            schema = schemaFile(path, folder, where + ".schema", problems);
        } else if (given != null) {
            problems.add(where + ".schema: a path (relative to the pipelines file's folder) or an inline JSON object");
        }
        SheetRuns.Mode mode = schema != null ? SheetRuns.Mode.PER_SAMPLE : SheetRuns.Mode.PER_ROW;
        Object runs = fields.get("runs");
        if (runs != null) {
            mode = runs instanceof String text ? SheetRuns.Mode.of(text) : null;
            if (mode == null) {
                problems.add(where + ".runs: must be per-row, per-sample or whole");
            }
        }
        String input = SheetRuns.DEFAULT_INPUT_PARAMETER;
        Object parameter = fields.get("inputParameter");
        if (parameter != null) {
            if (parameter instanceof String text && PARAMETER.matcher(text).matches()) {
                input = text;
            } else {
                problems.add(where + ".inputParameter: a workflow parameter name (letters, digits, '_', '-', '.')");
            }
        }
        List<String> sampleColumns = new ArrayList<>();
        Object sample = fields.get("sampleColumn");
        if (sample instanceof String one && !one.isBlank()) {
            sampleColumns.add(one);
        } else if (sample instanceof List<?> many && !many.isEmpty()
                && many.stream().allMatch(c -> c instanceof String text && !text.isBlank())) {
            many.forEach(c -> sampleColumns.add((String) c));
        } else if (sample != null) {
            problems.add(where + ".sampleColumn: a column name, or a list of names joined with '_' (e.g. [\"patient\","
                    + " \"sample\"])");
        }
        if (problems.size() > before || mode == null) {
            return null;
        }
        if (mode == SheetRuns.Mode.PER_ROW && (sample != null || parameter != null)) {
            problems.add(where + ": sampleColumn and inputParameter apply to the per-sample and whole modes only");
        }
        if (mode == SheetRuns.Mode.WHOLE && sample != null) {
            problems.add(where + ".sampleColumn: a whole sheet is one run; sampleColumn applies to per-sample only");
        }
        if (mode == SheetRuns.Mode.PER_SAMPLE && sampleColumns.isEmpty()) {
            if (schema != null && schema.idProperty() != null) {
                sampleColumns.add(schema.idProperty());
            } else {
                problems.add(where + ": per-sample needs the sample key: set sampleColumn, or give the schema a"
                        + " property with meta: [\"id\"]");
            }
        }
        if (schema != null) {
            for (String column : sampleColumns) {
                if (!schema.propertyNames().contains(column)) {
                    problems.add(where + ".sampleColumn: '" + column + "' is not a property of the schema ("
                            + String.join(", ", schema.propertyNames()) + ")");
                }
            }
        } else if (mode != SheetRuns.Mode.PER_ROW && !(fields.get("columns") instanceof List<?>)) {
            problems.add(where + ".columns: without a schema, list the sheet's columns");
        }
        if (mode == SheetRuns.Mode.PER_ROW && fields.get("runSetting") == null) {
            problems.add(where + ".runSetting: per-row needs the row template (one run per row)");
        }
        return problems.size() > before ? null : new SheetRuns(mode, schema, sampleColumns, input);
    }

    /** A schema file: a relative path inside the pipelines file's folder, so the layer can carry it beside the file. */
    private static SheetSchema schemaFile(String path, Path folder, String where, List<String> problems) {
        if (path.isBlank() || path.startsWith("/") || path.contains("\\") || Path.of(path).isAbsolute()
                || Path.of(path).normalize().startsWith("..")) {
            problems.add(where + ": " + path + " must be a relative path inside the pipelines file's folder");
            return null;
        }
        if (folder == null) {
            problems.add(where + ": " + path + " cannot be resolved without the pipelines file's folder; write the"
                    + " schema inline");
            return null;
        }
        Object json;
        try {
            json = JsonReader.read(Files.readString(folder.resolve(path), StandardCharsets.UTF_8));
        } catch (IOException e) {
            problems.add(where + ": cannot read " + path + " (" + e.getMessage() + ")");
            return null;
        } catch (JsonReader.JsonFormatException e) {
            problems.add(where + ": " + path + " is not JSON: " + e.getMessage());
            return null;
        }
        return SheetSchema.read(json, Path.of(path).normalize().toString(), where + " (" + path + ")", problems);
    }

    private static String keyPrefix(Object value, String where, Map<String, String> prefixes, List<String> problems) {
        if (!(value instanceof String prefix) || prefix.isEmpty()) {
            problems.add(where + ": keyPrefix is required: the key prefix under the upload prefix, e.g. incoming/wgs/");
            return null;
        }
        if (prefix.startsWith("/") || !prefix.endsWith("/") || prefix.contains("*") || prefix.length() > 1024) {
            problems.add(where + ": keyPrefix must end with '/', and have no leading '/' and no '*' (e.g. incoming/wgs/)");
        } else {
            String other = prefixes.putIfAbsent(prefix, where);
            if (other != null) {
                problems.add(where + ": keyPrefix " + prefix + " is already used by " + other
                        + "; each prefix names one pipeline");
            }
        }
        return prefix;
    }

    private static Map<String, String> batchTags(Object value, String where, List<String> problems) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> given)) {
            problems.add(where + ": batchTags must be a JSON object of strings");
            return Map.of();
        }
        if (given.size() > MAX_BATCH_TAGS) {
            problems.add(where + ": batchTags: at most " + MAX_BATCH_TAGS + " tags (AWS allows 50 per batch, the"
                    + " dropzone adds its own)");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        given.forEach((key, tag) -> {
            String tagKey = String.valueOf(key);
            String field = where + ": batchTags." + tagKey;
            if (tagKey.isEmpty() || tagKey.codePointCount(0, tagKey.length()) > 128) {
                problems.add(field + ": tag keys must be 1–128 characters long");
            } else if (tagKey.startsWith("omics-dropzone:") || tagKey.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                problems.add(field + ": the prefixes omics-dropzone: and aws: are reserved");
            }
            if (!(tag instanceof String text) || text.codePointCount(0, text.length()) > 256) {
                problems.add(field + ": must be a string of at most 256 characters");
            } else {
                tags.put(tagKey, text);
            }
        });
        return tags;
    }
}
