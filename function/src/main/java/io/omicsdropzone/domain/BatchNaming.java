package io.omicsdropzone.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/** Derives StartRunBatch's {@code batchName} and batch tags from the dropped object, within the API's limits. */
public final class BatchNaming {

    static final int MAX_BATCH_NAME = 64;
    static final int MAX_TAG_VALUE = 256;
    public static final String TAG_PREFIX = "omics-dropzone:";

    private BatchNaming() {
    }

    /**
     * The file name without {@code .json}, control characters replaced (the API allows letters, marks, separators,
     * symbols, numbers and punctuation), cut to 64 code points; {@code run-settings} if nothing is left.
     */
    public static String batchName(String key) {
        String file = key.substring(key.lastIndexOf('/') + 1);
        if (file.endsWith(".json")) {
            file = file.substring(0, file.length() - ".json".length());
        }
        StringBuilder name = new StringBuilder();
        file.codePoints().limit(MAX_BATCH_NAME).forEach(cp -> name.appendCodePoint(Character.isISOControl(cp) ? '_' : cp));
        String trimmed = name.toString().strip();
        return trimmed.isEmpty() ? "run-settings" : trimmed;
    }

    /**
     * Tags recording the source file. Values keep the characters AWS tagging accepts everywhere (letters, digits,
     * spaces and {@code _ . : / = + - @}); long keys keep their end, which names the file.
     */
    public static String batchName(DroppedObject object, Disclosure disclosure) {
        return batchName(object.key());
    }

    public static Map<String, String> batchTags(DroppedObject object, String requestId, Disclosure disclosure) {
        return batchTags(object, requestId);
    }

    public static Map<String, String> batchTags(DroppedObject object, String requestId) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG_PREFIX + "source-bucket", tagValue(object.bucket()));
        tags.put(TAG_PREFIX + "source-key", tagValue(object.key()));
        tags.put(TAG_PREFIX + "source-etag", tagValue(object.etag()));
        tags.put(TAG_PREFIX + "request-id", requestId);
        return tags;
    }

    static String tagValue(String raw) {
        StringBuilder value = new StringBuilder();
        raw.codePoints().forEach(cp -> value.appendCodePoint(taggable(cp) ? cp : '_'));
        int count = value.codePointCount(0, value.length());
        if (count <= MAX_TAG_VALUE) {
            return value.toString();
        }
        int start = value.offsetByCodePoints(0, count - (MAX_TAG_VALUE - 3));
        return "..." + value.substring(start);
    }

    private static boolean taggable(int cp) {
        return Character.isLetterOrDigit(cp) || Character.isSpaceChar(cp) || "_.:/=+-@".indexOf(cp) >= 0;
    }
}
