package io.omicsdropzone.validation;

import com.fasterxml.jackson.core.JsonParser;

/** JSON pointers (RFC 6901) of the parser's position, built only when an error needs one. */
final class JsonPointers {

    private JsonPointers() {
    }

    /**
     * The pointer of the current token: for a key or a scalar, the member it names; for the start of an object or an
     * array, that container. Jackson's path escapes {@code ~} as {@code ~0} and {@code /} as {@code ~1}.
     */
    static String at(JsonParser parser) {
        return parser.getParsingContext().pathAsPointer().toString();
    }
}
