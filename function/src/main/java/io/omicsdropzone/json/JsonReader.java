package io.omicsdropzone.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads small JSON documents (API responses, events, configuration) into plain Java values: {@code Map<String,
 * Object>} (insertion ordered), {@code List<Object>}, String, Long / BigInteger / Double, Boolean and null.
 * Duplicate keys are refused: they are ambiguous in configuration.
 */
public final class JsonReader {

    private JsonReader() {
    }

    /** @throws JsonFormatException when the text is not exactly one JSON value */
    public static Object read(String json) {
        return read(json, false);
    }

    /**
     * As {@link #readObject}, also accepting {@code //} and {@code /* *}{@code /} comments: for configuration files
     * people write by hand (the pipelines file).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObjectWithComments(String json) {
        Object value = read(json, true);
        if (!(value instanceof Map<?, ?>)) {
            throw new JsonFormatException("expected a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static Object read(String json, boolean comments) {
        try (JsonParser parser = JsonWriter.FACTORY.createParser(json)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (comments) {
                parser.enable(JsonParser.Feature.ALLOW_COMMENTS);
            }
            parser.enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature());
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new JsonFormatException("empty document");
            }
            Object value = readValue(parser);
            if (parser.nextToken() != null) {
                throw new JsonFormatException("unexpected content after the JSON value at line "
                        + parser.currentLocation().getLineNr());
            }
            return value;
        } catch (IOException e) {
            throw new JsonFormatException(e.getMessage());
        }
    }

    /** The document must be an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(String json) {
        Object value = read(json);
        if (!(value instanceof Map<?, ?>)) {
            throw new JsonFormatException("expected a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static Object readValue(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, readValue(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(parser));
                }
                yield array;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberValue() instanceof Integer i ? Long.valueOf(i) : parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new JsonFormatException("unexpected token " + parser.currentToken());
        };
    }

    /** A field of a parsed object as text (numbers and booleans as written), or null when absent or JSON null. */
    public static String text(Map<?, ?> object, String field) {
        Object value = object.get(field);
        return value == null ? null : value.toString();
    }

    /** As {@link #text}, with blank text also read as absent (EventBridge details omit or blank unset fields). */
    public static String nonBlankText(Map<?, ?> object, String field) {
        String value = text(object, field);
        return value == null || value.isBlank() ? null : value;
    }

    /** Malformed JSON, with the parser's own description. */
    public static final class JsonFormatException extends RuntimeException {
        public JsonFormatException(String message) {
            super(message);
        }
    }
}
