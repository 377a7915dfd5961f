package io.omicsdropzone.samplesheet;

/**
 * Creates the {@link RowSchema}. Its own class, so that resolving the library's implementation happens only when a
 * schema is first used, never while a class on the plain JSON path is loaded or verified.
 */
final class RowSchemas {

    private RowSchemas() {
    }

    static RowSchema compile(String json) {
        return new NetworkntRowSchema(json);
    }
}
