package io.omicsdropzone.samplesheet;

import java.math.BigDecimal;

/**
 * What a placeholder turns a cell into: {@code {col}} a JSON string, {@code {col:int}} an integer, {@code {col:number}}
 * any JSON number, {@code {col:bool}} true or false. Spreadsheets hold text only, so the type must be asked for.
 */
enum ValueType {
    STRING("string"),
    INT("int"),
    NUMBER("number"),
    BOOL("bool");

    static final String NAMES = "string, int, number, bool";

    private final String syntax;

    ValueType(String syntax) {
        this.syntax = syntax;
    }

    String syntax() {
        return syntax;
    }

    static ValueType forSyntax(String name) {
        for (ValueType type : values()) {
            if (type.syntax.equals(name)) {
                return type;
            }
        }
        return null;
    }

    /**
     * The cell as this type: a String, Long, BigDecimal or Boolean; null when the text does not fit (the caller
     * reports it with {@link #expected()}).
     */
    Object convert(String text) {
        switch (this) {
            case STRING:
                return text;
            case INT:
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    return null;
                }
            case NUMBER:
                try {
                    // BigDecimal refuses NaN and Infinity, which JSON has no literal for.
                    return new BigDecimal(text);
                } catch (NumberFormatException e) {
                    return null;
                }
            case BOOL:
                if (text.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                return text.equalsIgnoreCase("false") ? Boolean.FALSE : null;
            default:
                throw new IllegalStateException(name());
        }
    }

    /** What a cell of this type must hold, for error messages. */
    String expected() {
        return switch (this) {
            case STRING -> "text";
            case INT -> "an integer";
            case NUMBER -> "a number";
            case BOOL -> "true or false";
        };
    }
}
