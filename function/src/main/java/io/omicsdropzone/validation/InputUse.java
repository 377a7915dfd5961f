package io.omicsdropzone.validation;

import java.util.Comparator;

/**
 * One use of an {@code s3://} input in the file, as spooled between the scan and the checks: which object (bucket,
 * folder, name; or a prefix that needs something under it) and where the file names it.
 *
 * @param folder the key up to and including its last {@code /} ("" at the bucket's root); for a prefix, the prefix
 * @param name   the key after {@code folder}; "" for a prefix
 */
record InputUse(String bucket, String folder, boolean prefix, String name, long entryIndex, String runSettingId,
                String pointer, long line, long column) {

    /**
     * Bucket, folder, objects before prefixes, then name; strings in code point order, which is the UTF-8 binary
     * order S3 lists keys in (ListObjectsV2: "lexicographical order based on their key names",
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html), so a folder's names line up with its
     * listing. {@link String#compareTo} would differ for characters above U+FFFF.
     */
    static final Comparator<InputUse> ORDER = (a, b) -> {
        int c = compareCodePoints(a.bucket, b.bucket);
        if (c == 0) {
            c = compareCodePoints(a.folder, b.folder);
        }
        if (c == 0) {
            c = Boolean.compare(a.prefix, b.prefix);
        }
        return c != 0 ? c : compareCodePoints(a.name, b.name);
    };

    String uri() {
        return "s3://" + bucket + "/" + folder + name;
    }

    String key() {
        return folder + name;
    }

    /** Same object (or prefix) as {@code other}. */
    boolean sameInput(InputUse other) {
        return prefix == other.prefix && name.equals(other.name) && folder.equals(other.folder)
                && bucket.equals(other.bucket);
    }

    /** Same folder listing could answer both. */
    boolean sameFolder(InputUse other) {
        return prefix == other.prefix && folder.equals(other.folder) && bucket.equals(other.bucket);
    }

    /** Parses {@code s3://bucket/key}; a key that is empty or ends in {@code /} is a prefix. */
    static InputUse of(String uri, long entryIndex, String runSettingId, String pointer, long line, long column) {
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (key.isEmpty() || key.endsWith("/")) {
            return new InputUse(bucket, key, true, "", entryIndex, runSettingId, pointer, line, column);
        }
        int last = key.lastIndexOf('/');
        return new InputUse(bucket, key.substring(0, last + 1), false, key.substring(last + 1), entryIndex,
                runSettingId, pointer, line, column);
    }

    InputUse withRunSettingId(String id) {
        return new InputUse(bucket, folder, prefix, name, entryIndex, id, pointer, line, column);
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
