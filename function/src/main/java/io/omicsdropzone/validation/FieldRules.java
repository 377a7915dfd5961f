package io.omicsdropzone.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.CharBuffer;

/**
 * The value rules of the InlineSetting fields, each a check of the parser's current token that returns a
 * plain-English problem or null. A value that passes costs no allocation: strings are measured in the parser's own
 * char buffer, never turned into a String.
 *
 * <p>JSON null is rejected for every field. The API reference types each member and says nothing of null, the SDKs
 * never send it (an absent member is simply left out), and the service's reaction to a null inside an s3UriSettings
 * file cannot be tried offline; since a rejected file fails the whole batch asynchronously, telling the user to leave
 * the field out is the safe choice.
 */
final class FieldRules {

    static final int MAX_ID_CHARS = 128;
    static final int MAX_NAME_CHARS = 128;
    static final int MAX_OUTPUT_URI_CHARS = 750;
    static final int MAX_PRIORITY = 100_000;
    static final int ACCOUNT_ID_DIGITS = 12;
    static final int MAX_TAG_KEY_CHARS = 128;
    static final int MAX_TAG_VALUE_CHARS = 256;

    private static final String S3_SCHEME = "s3://";

    private FieldRules() {
    }

    /**
     * A string of {@code min..max} code points, all in the API's printable pattern. The offending code point and its
     * position are kept in the safe rendering: one character says nothing about a patient, and without it the user
     * cannot find an invisible one.
     */
    static Problem printableString(JsonParser parser, String what, int min, int max) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return wrongType(parser, what, "a string");
        }
        char[] text = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        int codePoints = PrintableText.countPrintableCodePoints(text, offset, length);
        if (codePoints == PrintableText.NOT_PRINTABLE) {
            return Problem.plain(what + " contains a character that is not allowed ("
                    + PrintableText.describeFirstNotPrintable(CharBuffer.wrap(text, offset, length))
                    + "); only letters, marks, spaces, symbols, numbers and punctuation are allowed");
        }
        return lengthProblem(what, codePoints, min, max);
    }

    /** The printable-string rule for 1..750 code points, then an S3 URI with a bucket name. */
    static Problem outputUri(JsonParser parser) throws IOException {
        Problem problem = printableString(parser, "outputUri", 1, MAX_OUTPUT_URI_CHARS);
        if (problem != null) {
            return problem;
        }
        char[] text = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        if (!startsWith(text, offset, length, S3_SCHEME)) {
            return Problem.quoting("outputUri must be an S3 URI starting with s3://, found ",
                    CharBuffer.wrap(text, offset, length), "");
        }
        if (length == S3_SCHEME.length() || text[offset + S3_SCHEME.length()] == '/') {
            return Problem.quoting("outputUri must name a bucket after s3://, found ",
                    CharBuffer.wrap(text, offset, length), "");
        }
        return null;
    }

    /** A JSON integer (not a decimal, not a string) from 0 to 100,000. */
    static Problem priority(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            if (parser.getNumberType() == JsonParser.NumberType.INT) {
                int value = parser.getIntValue();
                if (value >= 0 && value <= MAX_PRIORITY) {
                    return null;
                }
            }
            return Problem.withDetail("priority must be between 0 and " + MAX_PRIORITY + ", found ",
                    UserText.printable(parser.getText(), UserText.MAX_QUOTED_CHARS), Problem.WITHHELD);
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            return Problem.withDetail("priority must be a whole number, found ",
                    UserText.printable(parser.getText(), UserText.MAX_QUOTED_CHARS), "a decimal number");
        }
        return wrongType(parser, "priority", "an integer");
    }

    /** Exactly 12 ASCII digits: an AWS account id. */
    static Problem outputBucketOwnerId(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return wrongType(parser, "outputBucketOwnerId", "a string of 12 digits");
        }
        char[] text = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        boolean digits = length == ACCOUNT_ID_DIGITS;
        for (int i = 0; digits && i < length; i++) {
            char c = text[offset + i];
            digits = c >= '0' && c <= '9';
        }
        return digits ? null : Problem.quoting("outputBucketOwnerId must be exactly 12 digits (an AWS account ID),"
                + " found ", CharBuffer.wrap(text, offset, length), "");
    }

    /** The value of {@code parameters} or {@code engineSettings}: any JSON object. */
    static Problem jsonObject(JsonParser parser, String what) throws IOException {
        return parser.currentToken() == JsonToken.START_OBJECT ? null : wrongType(parser, what, "a JSON object");
    }

    /** A tag key: 1..128 code points. The API gives tag keys no pattern, so none is enforced. */
    static Problem tagKey(String key) {
        return lengthProblem("tag key", key.codePointCount(0, key.length()), 1, MAX_TAG_KEY_CHARS);
    }

    /** A tag value: a string of 0..256 code points (a number or boolean is not converted by the service). */
    static Problem tagValue(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return wrongType(parser, "tag value", "a string");
        }
        int chars = parser.getTextLength();
        if (chars <= MAX_TAG_VALUE_CHARS) {
            return null; // never more code points than chars
        }
        int length = Character.codePointCount(parser.getTextCharacters(), parser.getTextOffset(), chars);
        return lengthProblem("tag value", length, 0, MAX_TAG_VALUE_CHARS);
    }

    /** "X must be Y, found Z", naming the JSON type found and, for a scalar, an excerpt of it (not when safe). */
    static Problem wrongType(JsonParser parser, String what, String expected) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return Problem.plain(what + " must not be null (omit it instead)");
        }
        return found(what + " must be " + expected + ", found ", parser);
    }

    /** {@code before} followed by {@link #describe}, or by {@link #kind} in the safe rendering. */
    static Problem found(String before, JsonParser parser) throws IOException {
        return Problem.withDetail(before, describe(parser), kind(parser.currentToken()));
    }

    /** The kind of the current value without any excerpt: {@code a string}, {@code a number}. */
    static String kind(JsonToken token) {
        if (token == null) {
            return "the end of the file";
        }
        switch (token) {
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL: return "null";
            default: return token.name();
        }
    }

    /**
     * The kind of the current value, with a short excerpt for scalars: {@code a string ('abc')}. Reading the excerpt
     * may hit malformed input (bad UTF-8 inside the string); that propagates as the syntax error it is.
     */
    static String describe(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            return "the end of the file";
        }
        switch (token) {
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string (" + UserText.quote(parser.getText()) + ")";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number (" + UserText.printable(parser.getText(), UserText.MAX_QUOTED_CHARS) + ")";
            case VALUE_TRUE: return "a boolean (true)";
            case VALUE_FALSE: return "a boolean (false)";
            case VALUE_NULL: return "null";
            default: return token.name();
        }
    }

    private static Problem lengthProblem(String what, int length, int min, int max) {
        if (length < min) {
            return Problem.plain(what + " must not be empty");
        }
        if (length > max) {
            return Problem.plain(what + " must be at most " + max + " characters long, found " + length);
        }
        return null;
    }

    private static boolean startsWith(char[] text, int offset, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (text[offset + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
