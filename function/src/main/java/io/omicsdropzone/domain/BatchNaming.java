package io.omicsdropzone.domain;

import io.omicsdropzone.validation.RunSettingsValidator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives StartRunBatch's {@code batchName} and batch tags from the dropped object, always within the API's limits.
 *
 * <p>The limits come from the service model (botocore {@code omics/2022-11-28/service-2.json}): {@code BatchName} is
 * 1–64 characters of {@code [\p{L}||\p{M}||\p{Z}||\p{S}||\p{N}||\p{P}]+}; {@code TagKey} is 1–128 and {@code TagValue}
 * 0–256 characters with no pattern in that model. Tags are checked against the stricter rule AWS tagging applies
 * across services, {@code [\p{L}\p{Z}\p{N}_.:/=+\-@]*} ("Tag naming limits and requirements", Tagging AWS Resources
 * User Guide, https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html), so a tag that passes here
 * passes wherever the batch's tags are copied. Smithy counts lengths in code points, and so does this class.
 *
 * <p>The categories are spelled out with {@link Character#getType} rather than trusting a regex: the service
 * evaluates its pattern Java-style, where {@code \p{L}} is exactly the general category L of the JVM's Unicode
 * tables, and the test checks this class against java.util.regex with the model's own pattern.
 */
public final class BatchNaming {

    static final int MAX_BATCH_NAME = 64;
    static final int MAX_TAG_VALUE = 256;
    public static final String TAG_PREFIX = RunSettingsValidator.RESERVED_TAG_PREFIX;
    /** The run tag that ties every run to its drop (batch tags are not inherited by runs). */
    public static final String REQUEST_ID_TAG = TAG_PREFIX + "request-id";
    static final String FALLBACK_NAME = "run-settings";
    private static final int REPLACEMENT = '_';
    private static final String TAG_PUNCTUATION = "_.:/=+-@";

    private BatchNaming() {
    }

    /**
     * {@link Disclosure#FULL}: the file name without {@code .json} (or a samplesheet's {@code .csv}/{@code .tsv}), every code point outside the API's pattern
     * (control, format, private-use, unassigned, lone surrogates) replaced by {@code _}, cut to 64 code points and
     * stripped; {@code run-settings} if nothing is left. {@link Disclosure#PHI_SAFE}: {@code run-settings-<keyHash>},
     * since a file name may carry a patient or sample identifier.
     */
    public static String batchName(DroppedObject object, Disclosure disclosure) {
        if (disclosure.phiSafe()) {
            return FALLBACK_NAME + "-" + object.keyHash();
        }
        String key = object.key();
        String file = key.substring(key.lastIndexOf('/') + 1);
        for (String extension : List.of(".json", ".csv", ".tsv")) { // a samplesheet is named like a JSON drop
            // A sheet's extension is accepted in any case (.CSV from a spreadsheet), so it is dropped in any case.
            boolean sheet = !extension.equals(".json");
            if (sheet ? file.toLowerCase(java.util.Locale.ROOT).endsWith(extension) : file.endsWith(extension)) {
                file = file.substring(0, file.length() - extension.length());
                break;
            }
        }
        StringBuilder name = new StringBuilder();
        file.codePoints().limit(MAX_BATCH_NAME)
                .forEach(cp -> name.appendCodePoint(inNamePattern(cp) ? cp : REPLACEMENT));
        String trimmed = name.toString().strip();
        return trimmed.isEmpty() ? FALLBACK_NAME : trimmed;
    }

    /**
     * A whole samplesheet's runSettingId: its file name without extension, code points outside the name pattern
     * replaced by {@code _}, at most 128 code points (the InlineSetting limit); {@code sheet} if nothing is left.
     */
    public static String runSettingIdOf(String fileName) {
        StringBuilder id = new StringBuilder();
        fileName.codePoints().limit(128).forEach(cp -> id.appendCodePoint(inNamePattern(cp) ? cp
                : REPLACEMENT));
        return id.isEmpty() ? "sheet" : id.toString();
    }

    /**
     * Tags recording the source file: bucket, key hash, ETag and requestId always; in {@link Disclosure#FULL} also
     * the key. Values keep the characters AWS tagging accepts everywhere (letters, numbers, spaces and
     * {@code _ . : / = + - @}, others become {@code _}); long keys keep their end, which names the file.
     */
    public static Map<String, String> batchTags(DroppedObject object, String requestId, Disclosure disclosure) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG_PREFIX + "source-bucket", tagValue(object.bucket()));
        if (!disclosure.phiSafe()) {
            tags.put(TAG_PREFIX + "source-key", tagValue(object.key()));
        }
        tags.put(TAG_PREFIX + "source-key-hash", object.keyHash());
        tags.put(TAG_PREFIX + "source-etag", tagValue(object.etag()));
        tags.put(REQUEST_ID_TAG, tagValue(requestId));
        return tags;
    }

    /**
     * What every run of the drop's batch is tagged with, merged into {@code defaultRunSetting.runTags}: batch tags
     * are not inherited by runs, and these let Cost Explorer group HealthOmics spend by drop once activated as cost
     * allocation tags.
     */
    public static Map<String, String> runTags(String requestId) {
        return Map.of(REQUEST_ID_TAG, tagValue(requestId));
    }

    /** The tag naming the pipeline a drop was routed to, on its batch and on every run. */
    public static final String PIPELINE_TAG = TAG_PREFIX + "pipeline";

    /** {@link #runTags(String)} plus the pipeline's name, when the drop was routed by a pipelines file. */
    public static Map<String, String> runTags(String requestId, String pipeline) {
        if (pipeline == null) {
            return runTags(requestId);
        }
        return Map.of(REQUEST_ID_TAG, tagValue(requestId), PIPELINE_TAG, tagValue(pipeline));
    }

    /**
     * The pipeline's own batch tags, then {@link #batchTags(DroppedObject, String, Disclosure)} and the pipeline's
     * name (the dropzone's tags win: the pipelines file cannot use their prefix).
     */
    public static Map<String, String> batchTags(DroppedObject object, String requestId, Disclosure disclosure,
                                                Map<String, String> pipelineTags, String pipeline) {
        Map<String, String> tags = new LinkedHashMap<>();
        pipelineTags.forEach((key, value) -> tags.put(key, tagValue(value)));
        tags.putAll(batchTags(object, requestId, disclosure));
        if (pipeline != null) {
            tags.put(PIPELINE_TAG, tagValue(pipeline));
        }
        return tags;
    }

    static String tagValue(String raw) {
        StringBuilder value = new StringBuilder();
        raw.codePoints().forEach(cp -> value.appendCodePoint(taggable(cp) ? cp : REPLACEMENT));
        int count = value.codePointCount(0, value.length());
        if (count <= MAX_TAG_VALUE) {
            return value.toString();
        }
        int start = value.offsetByCodePoints(0, count - (MAX_TAG_VALUE - 3));
        return "..." + value.substring(start);
    }

    /** {@code [\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]}: every general category except C (Cc, Cf, Co, Cs, Cn). */
    static boolean inNamePattern(int cp) {
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,                                    // L
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, // M
                 Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,    // Z
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL,                                                                // S
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,       // N
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                 Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;               // P
            default -> false;
        };
    }

    /**
     * {@code [\p{L}\p{Z}\p{N}_.:/=+\-@]}. Line and paragraph separators are in Z but would break a console line, so
     * only the space separators are kept.
     */
    static boolean taggable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.SPACE_SEPARATOR -> true;
            default -> TAG_PUNCTUATION.indexOf(cp) >= 0;
        };
    }
}
