package io.omicsdropzone.disclosure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that decides what a sensitive field becomes in each mode. {@link Disclosure#FULL} shows every field
 * with its frame. {@link Disclosure#PHI_SAFE} shows, by {@link FieldKind}: for a key, the stand-in naming it by its
 * hash; for a file value, its quote-free counterpart; for a pointer, the pointer with user-chosen keys replaced; for
 * a service message, the status it came with; a sample id never; and nothing where a field has no stand-in.
 */
public final class Renderer {

    private Renderer() {
    }

    /** Whether {@code field} shows at all: a body entry holding a field that does not show is left out. */
    public static boolean shows(Field field, Disclosure disclosure) {
        return disclosure == Disclosure.FULL || safeForm(field) != null;
    }

    /** The field as text: FULL its framed value, PHI_SAFE its safe form or the empty string. */
    public static String render(Field field, Disclosure disclosure) {
        if (disclosure == Disclosure.FULL) {
            return field.before() + field.value() + field.after();
        }
        String safe = safeForm(field);
        return safe == null ? "" : safe;
    }

    public static String render(DisclosedText text, Disclosure disclosure) {
        StringBuilder out = new StringBuilder();
        for (Object part : text.parts()) {
            out.append(part instanceof Field field ? render(field, disclosure) : (String) part);
        }
        return out.toString();
    }

    /** The body as a map in entry order, with every entry rendered; entries whose field does not show left out. */
    public static Map<String, Object> render(DisclosedBody body, Disclosure disclosure) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (DisclosedBody.Entry entry : body.entries()) {
            if (entry.value() instanceof Field field) {
                if (shows(field, disclosure)) {
                    out.put(disclosure == Disclosure.FULL ? entry.name() : entry.safeName(), value(field, disclosure));
                }
            } else {
                out.put(entry.name(), value(entry.value(), disclosure));
            }
        }
        return out;
    }

    /** PHI_SAFE's form of a field, decided by its kind; null when nothing of it may show. */
    private static String safeForm(Field field) {
        return switch (field.kind()) {
            case OBJECT_KEY, FILE_VALUE, POINTER, SERVICE_MESSAGE -> field.standIn();
            case SAMPLE_ID -> null;
        };
    }

    private static Object value(Object value, Disclosure disclosure) {
        if (value instanceof Field field) {
            // A body keeps an absent value absent (null), as it was before the value became a field.
            return disclosure == Disclosure.FULL && field.value() == null ? null : render(field, disclosure);
        }
        if (value instanceof DisclosedText text) {
            return render(text, disclosure);
        }
        if (value instanceof DisclosedBody nested) {
            return render(nested, disclosure);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                if (!(element instanceof Field field) || shows(field, disclosure)) {
                    out.add(value(element, disclosure));
                }
            }
            return out;
        }
        return value;
    }
}
