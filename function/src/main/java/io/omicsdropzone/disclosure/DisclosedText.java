package io.omicsdropzone.disclosure;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A one-line message as literal text and sensitive {@link Field}s, in order. Literals are the dropzone's own words
 * and identifiers it made (requestIds, batch ids, row numbers); anything that came from the key, the file or a
 * service is a field. {@link #render} turns it into text for a mode, through {@link Renderer}.
 */
public final class DisclosedText {

    private final List<Object> parts;

    private DisclosedText(List<Object> parts) {
        this.parts = List.copyOf(parts);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Literal text only. */
    public static DisclosedText literal(String text) {
        return builder().text(text).build();
    }

    /**
     * Text that was rendered and stored before (a drop's recorded error, a message handed over as a string), read
     * back as fields: every occurrence of a {@code known} field's value becomes that field, the earlier fields in the
     * list first (list the S3 URI before the key it contains). Only what is known can be found: text stored in FULL
     * mode may quote a file value, which is why stored errors are rendered in the mode of their day when recorded.
     */
    public static DisclosedText recorded(String text, List<Field> known) {
        List<Object> parts = new ArrayList<>(List.of(Objects.requireNonNull(text, "text")));
        for (Field field : known) {
            String value = field.value();
            if (value == null || value.isEmpty()) {
                continue;
            }
            List<Object> split = new ArrayList<>();
            for (Object part : parts) {
                if (!(part instanceof String literal)) {
                    split.add(part);
                    continue;
                }
                int from = 0;
                for (int at = literal.indexOf(value); at >= 0; at = literal.indexOf(value, from)) {
                    split.add(literal.substring(from, at));
                    split.add(field);
                    from = at + value.length();
                }
                split.add(literal.substring(from));
            }
            parts = split;
        }
        parts.removeIf(part -> part instanceof String literal && literal.isEmpty());
        return new DisclosedText(parts);
    }

    /** Each part: a literal {@code String} or a {@link Field}. */
    public List<Object> parts() {
        return parts;
    }

    public String render(Disclosure disclosure) {
        return Renderer.render(this, disclosure);
    }

    /** The FULL rendering, for debugging; use {@link #render} for anything that leaves the process. */
    @Override
    public String toString() {
        return render(Disclosure.FULL);
    }

    public static final class Builder {
        private final List<Object> parts = new ArrayList<>();

        private Builder() {
        }

        public Builder text(String literal) {
            parts.add(Objects.requireNonNull(literal, "literal"));
            return this;
        }

        public Builder field(Field field) {
            parts.add(Objects.requireNonNull(field, "field"));
            return this;
        }

        public Builder append(DisclosedText text) {
            parts.addAll(text.parts);
            return this;
        }

        public DisclosedText build() {
            return new DisclosedText(parts);
        }
    }
}
