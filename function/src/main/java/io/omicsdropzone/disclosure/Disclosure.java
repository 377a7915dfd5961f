package io.omicsdropzone.disclosure;

/**
 * How much of a dropped file's identity may leave the dropzone in notifications, batch names and tags. Keys and file
 * values may carry sample or patient identifiers; {@link #PHI_SAFE} replaces them with a key hash and entry positions.
 * The DynamoDB item always keeps the key: it is the operator's record, inside the account.
 *
 * <p>Messages do not ask the mode themselves: they are built from {@link Field}s and {@link Renderer} decides, per
 * mode and field kind, what each becomes.
 */
public enum Disclosure {
    /** Keys and quoted values appear in messages, names and tags. */
    FULL,
    /** Only key hashes, requestIds and entry positions appear in messages, names and tags. */
    PHI_SAFE;

    public boolean phiSafe() {
        return this == PHI_SAFE;
    }
}
