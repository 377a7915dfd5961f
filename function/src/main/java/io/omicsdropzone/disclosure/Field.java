package io.omicsdropzone.disclosure;

import java.util.Objects;

/**
 * One sensitive value inside a message. {@link Disclosure#FULL} shows {@code before + value + after};
 * {@link Disclosure#PHI_SAFE} shows what {@link Renderer} allows for the {@link #kind}: the {@link #standIn} whole
 * (without the frame), or nothing. Build fields with the factories, which say what each kind may stand in with.
 *
 * @param before  literal text shown only together with the value, e.g. {@code " (sample "}
 * @param value   the sensitive value; may be null (rendered as text it reads {@code null}, in a body it stays null)
 * @param after   literal text shown only together with the value, e.g. {@code ")"}
 * @param standIn what PHI_SAFE shows in the whole field's place; null: nothing
 */
public record Field(FieldKind kind, String before, String value, String after, String standIn) {

    public Field {
        Objects.requireNonNull(kind, "kind");
        before = before == null ? "" : before;
        after = after == null ? "" : after;
        if (kind == FieldKind.SAMPLE_ID && standIn != null) {
            throw new IllegalArgumentException("a sample id has no stand-in: PHI_SAFE leaves it out");
        }
    }

    /** How PHI_SAFE text names the dropped object: {@code <key 1a2b3c4d5e6f>}. */
    public static String keyMarker(String keyHash) {
        return "<key " + keyHash + ">";
    }

    /** A key, S3 URI, file name or key-derived name; PHI_SAFE shows {@code standIn} (null: nothing). */
    public static Field objectKey(String value, String standIn) {
        return new Field(FieldKind.OBJECT_KEY, "", value, "", standIn);
    }

    /** Something taken from the file; PHI_SAFE shows {@code quoteFree} (null: nothing). */
    public static Field fileValue(String value, String quoteFree) {
        return new Field(FieldKind.FILE_VALUE, "", value, "", quoteFree);
    }

    /** A row's or entry's id; PHI_SAFE leaves it out. */
    public static Field sampleId(String id) {
        return sampleId("", id, "");
    }

    /** A row's or entry's id in its frame, e.g. {@code " (runSettingId " + id + ")"}; PHI_SAFE leaves all of it out. */
    public static Field sampleId(String before, String id, String after) {
        return new Field(FieldKind.SAMPLE_ID, before, id, after, null);
    }

    /** A JSON pointer; PHI_SAFE shows {@code withUserKeysReplaced}. */
    public static Field pointer(String pointer, String withUserKeysReplaced) {
        return new Field(FieldKind.POINTER, "", pointer, "", Objects.requireNonNull(withUserKeysReplaced));
    }

    /** A service's message; PHI_SAFE leaves it out. */
    public static Field serviceMessage(String message) {
        return serviceMessage("", message, "", null);
    }

    /** A service's message in its frame; PHI_SAFE shows {@code status} instead (null: nothing). */
    public static Field serviceMessage(String before, String message, String after, String status) {
        return new Field(FieldKind.SERVICE_MESSAGE, before, message, after, status);
    }
}
