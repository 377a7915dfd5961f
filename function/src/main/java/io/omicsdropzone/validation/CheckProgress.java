package io.omicsdropzone.validation;

import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.json.JsonWriter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far the input checks of one drop got: every input up to {@link #through} (in {@link InputUse#ORDER}) was
 * answered, and the problems among them. Small (at most {@link RunSettingsValidator#MAX_REPORTED_ERRORS} problems of
 * bounded size, about 100 KB at worst), kept as JSON beside the drop.
 *
 * @param through      the last input answered; null when none was
 * @param usesDone     uses of inputs up to {@code through} (an input named by 3 runs counts 3)
 * @param problems     the kept problems among them
 * @param problemTotal all problems among them, kept or not
 * @param millisSpent  time the checks took over all attempts
 * @param attempts     attempts that saved progress
 * @param done         the checks finished: the next validation of this content starts over
 */
record CheckProgress(InputUse through, long usesDone, List<ValidationError> problems, long problemTotal,
                     long millisSpent, int attempts, Instant savedAt, boolean done) {

    /** Progress older than this is not trusted: inputs may have been deleted since. */
    static final Duration MAX_AGE = Duration.ofHours(6);

    static final CheckProgress NONE = new CheckProgress(null, 0, List.of(), 0, 0, 0, Instant.EPOCH, false);

    String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", 1);
        if (through != null) {
            json.put("through", Map.of("bucket", through.bucket(), "folder", through.folder(), "prefix",
                    through.prefix(), "name", through.name()));
        }
        json.put("usesDone", usesDone);
        json.put("problemTotal", problemTotal);
        List<Object> kept = new ArrayList<>();
        for (ValidationError p : problems) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("entryIndex", p.entryIndex());
            if (p.runSettingId() != null) {
                error.put("runSettingId", p.runSettingId());
            }
            error.put("pointer", p.pointer());
            error.put("line", p.line());
            error.put("column", p.column());
            error.put("message", p.message());
            error.put("safeMessage", p.safeMessage());
            kept.add(error);
        }
        json.put("problems", kept);
        json.put("millisSpent", millisSpent);
        json.put("attempts", attempts);
        json.put("savedAt", savedAt.toString());
        json.put("done", done);
        return JsonWriter.write(json);
    }

    /** The progress to continue from: empty when there is none, it is unreadable, finished or too old. */
    static Optional<CheckProgress> resumable(String json, Instant now) {
        try {
            Map<String, Object> object = JsonReader.readObject(json);
            if (!Long.valueOf(1).equals(object.get("version")) || Boolean.TRUE.equals(object.get("done"))) {
                return Optional.empty();
            }
            Instant savedAt = Instant.parse((String) object.get("savedAt"));
            if (savedAt.plus(MAX_AGE).isBefore(now)) {
                return Optional.empty();
            }
            InputUse through = null;
            if (object.get("through") instanceof Map<?, ?> t) {
                through = new InputUse((String) t.get("bucket"), (String) t.get("folder"),
                        (Boolean) t.get("prefix"), (String) t.get("name"), -1, null, "", -1, -1);
            }
            List<ValidationError> problems = new ArrayList<>();
            for (Object item : (List<?>) object.get("problems")) {
                Map<?, ?> p = (Map<?, ?>) item;
                problems.add(new ValidationError(number(p, "entryIndex"), (String) p.get("runSettingId"),
                        (String) p.get("pointer"), number(p, "line"), number(p, "column"), (String) p.get("message"),
                        (String) p.get("safeMessage")));
            }
            return Optional.of(new CheckProgress(through, number(object, "usesDone"), problems,
                    number(object, "problemTotal"), number(object, "millisSpent"),
                    (int) number(object, "attempts"), savedAt, false));
        } catch (RuntimeException unreadable) {
            // written by another version or damaged: checking again from the start is always correct
            return Optional.empty();
        }
    }

    private static long number(Map<?, ?> object, String field) {
        return ((Number) object.get(field)).longValue();
    }
}
