package io.omicsdropzone.disclosure;

/**
 * What a sensitive {@link Field} holds. {@link Renderer} shows every kind in {@link Disclosure#FULL}; in
 * {@link Disclosure#PHI_SAFE} the kind says what may stand in its place.
 */
public enum FieldKind {
    /**
     * The dropped object's key, its S3 URI, its file name or a name derived from them: a key may name a patient.
     * PHI_SAFE: a stand-in naming the key by its hash ({@code <key 1a2b3c4d5e6f>}, {@code run-settings-<keyHash>}),
     * or nothing.
     */
    OBJECT_KEY,
    /**
     * Something taken from the dropped file: a quoted value, a user-chosen key, a parser excerpt, or a whole
     * description that quotes them. PHI_SAFE: its quote-free counterpart ({@code <withheld>}, the safe message), or
     * nothing.
     */
    FILE_VALUE,
    /** The id naming a row or entry (a runSettingId, a sample column's value). PHI_SAFE: nothing. */
    SAMPLE_ID,
    /**
     * A position in the file whose parts may be user-chosen, a JSON pointer such as {@code /3/runTags/patient}.
     * PHI_SAFE: the position with those parts replaced ({@code /3/runTags/*}).
     */
    POINTER,
    /**
     * Text written by an AWS service (an error message, a batch's failure message): it may echo the S3 URI or a value
     * of the file. PHI_SAFE: the status it came with ({@code (HTTP 400)}), or nothing.
     */
    SERVICE_MESSAGE
}
