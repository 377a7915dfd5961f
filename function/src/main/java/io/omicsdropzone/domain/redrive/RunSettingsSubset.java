package io.omicsdropzone.domain.redrive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * Streams the entries of a run-settings file (a JSON array of objects with {@code runSettingId}) whose id is in a
 * set, one entry in memory at a time: a 100,000-run file is never held whole. The file was validated before its
 * snapshot was taken, so anything else is an error here.
 */
public final class RunSettingsSubset {

    private static final JsonFactory FACTORY = new JsonFactory();

    private RunSettingsSubset() {
    }

    /** @return how many entries were written */
    public static long write(InputStream snapshot, Set<String> runSettingIds, OutputStream out) throws IOException {
        long written = 0;
        try (JsonParser parser = FACTORY.createParser(snapshot);
             JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("the snapshot is not a JSON array of run settings");
            }
            generator.writeStartArray();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                // One entry buffered as compact JSON: its runSettingId may come after large members.
                java.io.StringWriter entry = new java.io.StringWriter();
                try (JsonGenerator copy = FACTORY.createGenerator(entry)) {
                    copy.copyCurrentStructure(parser);
                }
                String json = entry.toString();
                if (runSettingIds.contains(runSettingId(json))) {
                    generator.writeRawValue(json);
                    written++;
                }
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new IOException("the snapshot holds something other than run-setting objects");
            }
            generator.writeEndArray();
        }
        return written;
    }

    /** Streams the runSettingIds of a snapshot, one entry in memory at a time. */
    public static void forEachId(InputStream snapshot, java.util.function.Consumer<String> ids) throws IOException {
        try (JsonParser parser = FACTORY.createParser(snapshot)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("the snapshot is not a JSON array of run settings");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                java.io.StringWriter entry = new java.io.StringWriter();
                try (JsonGenerator copy = FACTORY.createGenerator(entry)) {
                    copy.copyCurrentStructure(parser);
                }
                String id = runSettingId(entry.toString());
                if (id != null) {
                    ids.accept(id);
                }
            }
        }
    }

    private static String runSettingId(String entry) throws IOException {
        try (JsonParser fields = FACTORY.createParser(entry)) {
            fields.nextToken();
            while (fields.nextToken() == JsonToken.FIELD_NAME) {
                String name = fields.currentName();
                JsonToken value = fields.nextToken();
                if ("runSettingId".equals(name) && value == JsonToken.VALUE_STRING) {
                    return fields.getText();
                }
                fields.skipChildren();
            }
        }
        return null;
    }
}
