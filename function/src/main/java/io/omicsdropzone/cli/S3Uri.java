package io.omicsdropzone.cli;

/** {@code s3://BUCKET/KEY} as typed on a command line (the key is taken literally, not URL-decoded). */
record S3Uri(String bucket, String key) {

    static boolean looksLike(String text) {
        return text.startsWith("s3://");
    }

    static S3Uri parse(String text) {
        if (!looksLike(text)) {
            throw new IllegalArgumentException("not an s3:// URI: " + text);
        }
        String path = text.substring("s3://".length());
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            throw new IllegalArgumentException("expected s3://BUCKET/KEY, got " + text);
        }
        return new S3Uri(path.substring(0, slash), path.substring(slash + 1));
    }
}
