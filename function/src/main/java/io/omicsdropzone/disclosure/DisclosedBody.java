package io.omicsdropzone.disclosure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message body (a flat JSON object) whose entries may be sensitive. An entry's value is plain (a string, a number,
 * a map of plain values), a {@link Field}, a {@link DisclosedText}, a nested body, or a list of those.
 * {@link Renderer#render(DisclosedBody, Disclosure)} turns it into the map a notification carries; an entry whose
 * field PHI_SAFE leaves out is left out whole.
 */
public final class DisclosedBody {

    /** One entry; {@code safeName} is its name when PHI_SAFE shows the field's stand-in. */
    record Entry(String name, String safeName, Object value) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** Adds or replaces (in place) the entry {@code name}. */
    public DisclosedBody put(String name, Object value) {
        entries.put(name, new Entry(name, name, value));
        return this;
    }

    /**
     * An entry named for what it holds: {@code name} with the field's value in FULL, {@code safeName} with its
     * stand-in in PHI_SAFE (e.g. {@code key} / {@code keyHash}).
     */
    public DisclosedBody put(String name, String safeName, Field field) {
        entries.put(name, new Entry(name, safeName, field));
        return this;
    }

    Iterable<Entry> entries() {
        return entries.values();
    }

    public Map<String, Object> render(Disclosure disclosure) {
        return Renderer.render(this, disclosure);
    }
}
