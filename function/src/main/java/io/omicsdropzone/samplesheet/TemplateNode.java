package io.omicsdropzone.samplesheet;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A compiled piece of a row template; writing one costs no map or list per row. */
sealed interface TemplateNode {

    /** Stands for a value to leave out: an optional placeholder's empty cell, or a cell that was reported. */
    Object ABSENT = new Object();

    /** The columns this node (and everything below it) reads. */
    void columns(Set<String> into);

    /** Writes this node's value; only called for nodes whose {@link #value} is not needed first. */
    void write(JsonGenerator out, Row row) throws IOException;

    /**
     * The value to write, {@link #ABSENT} when the field must be left out. Containers are never absent (they are
     * written through {@link #write}).
     */
    Object value(Row row);

    /** A row as the template sees it. */
    interface Row {
        /** The cell of declared column {@code index}, stripped of surrounding whitespace ("" when empty). */
        String cell(int index);

        /** Reports a problem with one cell; the field is left out of the entry. */
        void problem(String column, String message, String safeMessage);
    }

    /** A JSON value with no placeholder, written as configured. */
    record Literal(Object json) implements TemplateNode {
        @Override
        public void columns(Set<String> into) {
        }

        @Override
        public Object value(Row row) {
            return json;
        }

        @Override
        public void write(JsonGenerator out, Row row) throws IOException {
            writePlain(out, json);
        }

        private static void writePlain(JsonGenerator out, Object value) throws IOException {
            if (value == null) {
                out.writeNull();
            } else if (value instanceof Map<?, ?> map) {
                out.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.writeFieldName(String.valueOf(entry.getKey()));
                    writePlain(out, entry.getValue());
                }
                out.writeEndObject();
            } else if (value instanceof Collection<?> list) {
                out.writeStartArray();
                for (Object element : list) {
                    writePlain(out, element);
                }
                out.writeEndArray();
            } else {
                writeScalar(out, value);
            }
        }
    }

    /** A string with placeholders inside, or a single (possibly typed) placeholder as the whole value. */
    record Text(List<Object> parts) implements TemplateNode {

        /** The whole value is one placeholder: it may be typed or optional-and-absent. */
        Placeholder whole() {
            return parts.size() == 1 && parts.get(0) instanceof Placeholder placeholder ? placeholder : null;
        }

        @Override
        public void columns(Set<String> into) {
            parts.stream().filter(Placeholder.class::isInstance).map(p -> ((Placeholder) p).column()).forEach(into::add);
        }

        @Override
        public Object value(Row row) {
            Placeholder whole = whole();
            if (whole != null) {
                return cellValue(whole, row);
            }
            StringBuilder text = new StringBuilder();
            boolean reported = false;
            for (Object part : parts) {
                if (part instanceof Placeholder placeholder) {
                    Object value = cellValue(placeholder, row);
                    if (value == ABSENT) {
                        reported |= !placeholder.optional();
                    } else {
                        text.append(value);
                    }
                } else {
                    text.append((String) part);
                }
            }
            return reported ? ABSENT : text.toString();
        }

        @Override
        public void write(JsonGenerator out, Row row) throws IOException {
            Object value = value(row);
            if (value != ABSENT) {
                writeScalar(out, value);
            }
        }

        private static Object cellValue(Placeholder placeholder, Row row) {
            String cell = row.cell(placeholder.columnIndex());
            if (cell.isEmpty()) {
                if (!placeholder.optional()) {
                    row.problem(placeholder.column(), "empty value for a required placeholder",
                            "empty value for a required placeholder");
                }
                return ABSENT;
            }
            Object value = placeholder.type().convert(cell);
            if (value == null) {
                String expected = placeholder.type().expected();
                row.problem(placeholder.column(), Quote.of(cell) + " is not " + expected + " (" + placeholder.syntax()
                        + ")", "the value is not " + expected + " (" + placeholder.syntax() + ")");
                return ABSENT;
            }
            return value;
        }
    }

    /** An object whose members are templates; a member whose value is absent is left out. */
    record ObjectNode(List<Map.Entry<String, TemplateNode>> members) implements TemplateNode {
        @Override
        public void columns(Set<String> into) {
            members.forEach(member -> member.getValue().columns(into));
        }

        @Override
        public Object value(Row row) {
            throw new IllegalStateException("containers are written, not valued");
        }

        @Override
        public void write(JsonGenerator out, Row row) throws IOException {
            out.writeStartObject();
            for (Map.Entry<String, TemplateNode> member : members) {
                TemplateNode node = member.getValue();
                if (node instanceof Text text) {
                    Object value = text.value(row);
                    if (value != ABSENT) {
                        out.writeFieldName(member.getKey());
                        writeScalar(out, value);
                    }
                } else {
                    out.writeFieldName(member.getKey());
                    node.write(out, row);
                }
            }
            out.writeEndObject();
        }
    }

    /** An array whose elements are templates; an absent element is left out. */
    record ArrayNode(List<TemplateNode> elements) implements TemplateNode {
        @Override
        public void columns(Set<String> into) {
            elements.forEach(element -> element.columns(into));
        }

        @Override
        public Object value(Row row) {
            throw new IllegalStateException("containers are written, not valued");
        }

        @Override
        public void write(JsonGenerator out, Row row) throws IOException {
            out.writeStartArray();
            for (TemplateNode element : elements) {
                element.write(out, row);
            }
            out.writeEndArray();
        }
    }

    static Set<String> columnsOf(TemplateNode node) {
        Set<String> columns = new TreeSet<>();
        node.columns(columns);
        return columns;
    }

    private static void writeScalar(JsonGenerator out, Object value) throws IOException {
        if (value instanceof String text) {
            out.writeString(text);
        } else if (value instanceof Long || value instanceof Integer) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigDecimal decimal) {
            out.writeNumber(decimal);
        } else if (value instanceof Number number) {
            out.writeNumber(number.toString());
        } else if (value instanceof Boolean bool) {
            out.writeBoolean(bool);
        } else {
            out.writeString(String.valueOf(value));
        }
    }

    /** A cell quoted for a message: bounded, so one error stays one short line. */
    final class Quote {
        private static final int MAX = 64;

        private Quote() {
        }

        static String of(String cell) {
            String shown = cell.length() > MAX ? cell.substring(0, MAX) + "\u2026" : cell;
            return "'" + shown + "'";
        }
    }

    /** Collects the members of an object being compiled, keeping their order. */
    static List<Map.Entry<String, TemplateNode>> members() {
        return new ArrayList<>();
    }
}
