package io.omicsdropzone.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Arrays;

/**
 * Checks one array entry, from its START_OBJECT to its END_OBJECT, against the InlineSetting rules. One instance
 * serves a whole scan; per entry it allocates only a short-lived JsonLocation (where the entry starts), so the garbage
 * collector has next to nothing to do.
 */
final class EntryChecker {

    private final JsonParser parser;
    private final ErrorCollector errors;
    private final RunSettingIdRegistry ids;
    private final DuplicateKeyTracker keys = new DuplicateKeyTracker();
    private final long maxEntries;

    private long entryIndex;
    // The open entry's valid runSettingId, copied out of the parser's buffer; a String is made only for an error.
    private final char[] runSettingId = new char[2 * FieldRules.MAX_ID_CHARS];
    private int runSettingIdLength = -1;

    // Pre-flight (null when not checked): the workflow's parameters, and the queue checking s3:// inputs.
    private final ParameterTemplate template;
    private final InputChecks inputs;
    private final long[] parametersSeen;
    private JsonLocation parametersAt;
    private boolean parametersUnreadable;
    private InputChecks.EntryLabel label;

    /** @param expectedEntries a guess at the number of entries, to size the runSettingId table */
    EntryChecker(JsonParser parser, ErrorCollector errors, long maxEntries, int expectedEntries) {
        this(parser, errors, maxEntries, expectedEntries, null, null);
    }

    /** With pre-flight checks: {@code template} and {@code inputs} may each be null. */
    EntryChecker(JsonParser parser, ErrorCollector errors, long maxEntries, int expectedEntries,
                 ParameterTemplate template, InputChecks inputs) {
        this.parser = parser;
        this.errors = errors;
        this.maxEntries = maxEntries;
        this.ids = new RunSettingIdRegistry(expectedEntries);
        this.template = template;
        this.inputs = inputs;
        this.parametersSeen = template == null ? null : new long[(template.size() + 63) / 64];
    }

    /** Checks the entry whose START_OBJECT is the current token; returns with its END_OBJECT current. */
    void check(long index) throws IOException {
        entryIndex = index;
        runSettingIdLength = -1;
        parametersAt = null;
        parametersUnreadable = false;
        label = null;
        if (parametersSeen != null) {
            Arrays.fill(parametersSeen, 0L);
        }
        errors.beginEntry();
        // Where the entry starts, for a missing-id error found only at its end.
        JsonLocation start = parser.currentTokenLocation();
        int seen = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            InlineSettingField field = InlineSettingField.forName(key);
            if (field == null) {
                report(Problem.quoting("unknown field ", key, "; allowed fields are "
                        + InlineSettingField.ALLOWED_NAMES));
                parser.nextToken();
                parser.skipChildren();
                continue;
            }
            boolean repeated = (seen & field.bit()) != 0;
            if (repeated) {
                report(Problem.quoting("duplicate key ", key, " in this entry"));
            }
            seen |= field.bit();
            parser.nextToken();
            checkValue(field, repeated);
        }
        if ((seen & InlineSettingField.RUN_SETTING_ID.bit()) == 0) {
            errors.add(entryIndex, "/" + index, start.getLineNr(), start.getColumnNr(),
                    Problem.plain("missing required field 'runSettingId'"));
        }
        checkRequiredParameters(index, start);
        if (label != null) {
            label.runSettingId = runSettingIdSoFar();
        }
        errors.endEntry(errors.hasHeldErrors() ? runSettingIdSoFar() : null);
    }

    /** Each required parameter the default run setting does not give must be in the run's own. */
    private void checkRequiredParameters(long index, JsonLocation entryStart) {
        if (template == null || parametersUnreadable) {
            return;
        }
        JsonLocation where = parametersAt != null ? parametersAt : entryStart;
        String pointer = parametersAt != null ? "/" + index + "/parameters" : "/" + index;
        for (int required : template.requiredPerRun()) {
            if ((parametersSeen[required >>> 6] & (1L << required)) == 0) {
                errors.add(entryIndex, pointer, where.getLineNr(), where.getColumnNr(), Problem.plain(
                        "missing required parameter '" + template.name(required) + "' of "
                                + template.workflowLabel()));
            }
        }
    }

    /** The open entry's runSettingId when it was valid (else null), for its errors. */
    String runSettingIdSoFar() {
        return runSettingIdLength < 0 ? null : new String(runSettingId, 0, runSettingIdLength);
    }

    private void checkValue(InlineSettingField field, boolean repeated) throws IOException {
        switch (field) {
            case RUN_SETTING_ID:
                checkRunSettingId(repeated);
                break;
            case NAME:
                report(FieldRules.printableString(parser, "name", 1, FieldRules.MAX_NAME_CHARS));
                break;
            case OUTPUT_URI:
                report(FieldRules.outputUri(parser));
                break;
            case PRIORITY:
                report(FieldRules.priority(parser));
                break;
            case OUTPUT_BUCKET_OWNER_ID:
                report(FieldRules.outputBucketOwnerId(parser));
                break;
            case PARAMETERS:
            case ENGINE_SETTINGS:
                boolean parameters = field == InlineSettingField.PARAMETERS;
                Problem problem = FieldRules.jsonObject(parser, field.jsonName());
                if (problem == null) {
                    if (parameters) {
                        parametersAt = parser.currentTokenLocation();
                    }
                    checkKeysAreUnique(parameters);
                    return;
                }
                if (parameters) {
                    parametersUnreadable = true;
                }
                report(problem);
                break;
            case RUN_TAGS:
                checkRunTags();
                return;
            default:
                throw new IllegalStateException("no rule for " + field);
        }
        // A wrong-typed value may be an object or array; its contents do not matter any more.
        parser.skipChildren();
    }

    private void checkRunSettingId(boolean repeated) throws IOException {
        Problem problem = FieldRules.printableString(parser, "runSettingId", 1, FieldRules.MAX_ID_CHARS);
        if (problem != null) {
            report(problem);
            return;
        }
        if (repeated) {
            return; // already reported as a duplicate key; the first value names the entry
        }
        // At most 128 code points, so at most 256 chars: it fits the buffer.
        runSettingIdLength = parser.getTextLength();
        System.arraycopy(parser.getTextCharacters(), parser.getTextOffset(), runSettingId, 0, runSettingIdLength);
        // Entries past the limit are already an error; not remembering their ids keeps memory bounded.
        if (entryIndex < maxEntries) {
            int firstUse = ids.recordFirstUse(runSettingId, 0, runSettingIdLength, (int) entryIndex);
            if (firstUse != RunSettingIdRegistry.NEW_ID) {
                report(Problem.quoting("runSettingId ", runSettingIdSoFar(), " is already used by entry "
                        + firstUse + "; runSettingIds must be unique in the file"));
            }
        }
    }

    /** runTags: an object of string to string, keys 1..128 and values 0..256 code points, no repeated key. */
    private void checkRunTags() throws IOException {
        Problem problem = FieldRules.jsonObject(parser, "runTags");
        if (problem != null) {
            report(problem);
            parser.skipChildren();
            return;
        }
        keys.enterObject();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            if (keys.isDuplicate(key)) {
                report(Problem.quoting("duplicate tag key ", key, ""));
            }
            report(FieldRules.tagKey(key));
            if (key.startsWith(RunSettingsValidator.RESERVED_TAG_PREFIX)) {
                report(Problem.quoting("runTags key ", key, " is reserved: the dropzone tags every run with "
                        + RunSettingsValidator.RESERVED_TAG_PREFIX + "request-id to trace its cost to the drop, and a "
                        + "file may not set or override tags starting with "
                        + RunSettingsValidator.RESERVED_TAG_PREFIX));
            }
            parser.nextToken();
            report(FieldRules.tagValue(parser));
            parser.skipChildren();
        }
        keys.exitObject();
    }

    /**
     * Walks a free-form value (parameters, engineSettings) whose START_OBJECT is current, reporting any object in it
     * that repeats a key; nothing else in it is constrained. Iterative, so nesting depth costs no stack. In
     * {@code parameters}, with pre-flight, the top-level names are checked against the workflow's template and every
     * {@code s3://} string (at any depth) is queued for an existence check.
     */
    private void checkKeysAreUnique(boolean parameters) throws IOException {
        int depth = 0;
        JsonToken token = parser.currentToken();
        while (true) {
            switch (token) {
                case START_OBJECT:
                    keys.enterObject();
                    depth++;
                    break;
                case END_OBJECT:
                    keys.exitObject();
                    depth--;
                    break;
                case START_ARRAY:
                    depth++;
                    break;
                case END_ARRAY:
                    depth--;
                    break;
                case FIELD_NAME:
                    if (keys.isDuplicate(parser.currentName())) {
                        report(Problem.quoting("duplicate key ", parser.currentName(), ""));
                    }
                    if (parameters && depth == 1 && template != null) {
                        checkParameterName(parser.currentName());
                    }
                    break;
                case VALUE_STRING:
                    if (parameters && inputs != null) {
                        queueInputCheck();
                    }
                    break;
                default:
                    break;
            }
            if (depth == 0) {
                return;
            }
            token = parser.nextToken();
            if (token == null) {
                return; // the parser reports an unclosed object itself; this is only a guard
            }
        }
    }

    private void checkParameterName(String name) {
        int index = template.indexOf(name);
        if (index >= 0) {
            parametersSeen[index >>> 6] |= 1L << index;
            return;
        }
        String suggestion = template.suggestionFor(name);
        String hint = suggestion == null ? "; " + template.workflowLabel() + " has no such parameter"
                : "; did you mean '" + suggestion + "'?";
        report(Problem.quoting("unknown parameter ", name, hint));
    }

    private void queueInputCheck() throws IOException {
        if (!InputChecks.isS3Uri(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength())) {
            return;
        }
        if (label == null) {
            label = new InputChecks.EntryLabel(entryIndex);
        }
        JsonLocation where = parser.currentTokenLocation();
        inputs.submit(label, parser.getText(), JsonPointers.at(parser), where.getLineNr(), where.getColumnNr());
    }

    /** Reports {@code problem}, if any, at the current token. */
    private void report(Problem problem) {
        if (problem != null) {
            JsonLocation where = parser.currentTokenLocation();
            errors.add(entryIndex, JsonPointers.at(parser), where.getLineNr(), where.getColumnNr(), problem);
        }
    }
}
