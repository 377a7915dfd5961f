package io.omicsdropzone.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.PushbackInputStream;

/**
 * One pass over one file: the top-level array, its entries (handed to {@link EntryChecker}), and what may follow it.
 * A semantic error is recorded and the scan goes on; malformed JSON, bad encoding or the size cap end it, reported with
 * their position.
 */
final class RunSettingsScan {

    private static final int ENCODING_SNIFF_BYTES = 4;

    private final JsonFactory json;
    private final SizeCappedInputStream source;
    private final long maxEntries;
    private final long sizeBytes;
    private final ProgressListener progress;
    private final Preflight preflight;
    private final ErrorCollector errors = new ErrorCollector(RunSettingsValidator.MAX_REPORTED_ERRORS);

    private JsonParser parser;
    private EntryChecker entries;
    private long entryCount;

    /** @param sizeBytes the file's size when known (else -1), to guess how many ids to make room for */
    RunSettingsScan(JsonFactory json, SizeCappedInputStream source, long maxEntries, long sizeBytes,
                    ProgressListener progress) {
        this(json, source, maxEntries, sizeBytes, progress, Preflight.NONE);
    }

    RunSettingsScan(JsonFactory json, SizeCappedInputStream source, long maxEntries, long sizeBytes,
                    ProgressListener progress, Preflight preflight) {
        this.preflight = preflight;
        this.json = json;
        this.source = source;
        this.maxEntries = maxEntries;
        this.sizeBytes = sizeBytes;
        this.progress = progress;
    }

    ValidationReport run() throws IOException {
        PushbackInputStream in = new PushbackInputStream(source, ENCODING_SNIFF_BYTES);
        for (String problem : preflight.workflowProblems()) {
            errors.add(-1, "", -1, -1, Problem.plain(problem));
        }
        InputChecks inputs = preflight.checksInputs()
                ? new InputChecks(preflight, RunSettingsValidator.MAX_REPORTED_ERRORS)
                : null;
        try {
            if (encodingAllowsParsing(in)) {
                parser = json.createParser(in);
                entries = new EntryChecker(parser, errors, maxEntries, expectedEntries(), preflight.parameters(),
                        inputs);
                scanTopLevel();
            }
            if (inputs != null) {
                inputs.finish(errors);
            }
        } catch (SizeCappedInputStream.CapExceededException tooLarge) {
            stopped(Problem.plain(String.format("the file is larger than %,d bytes, the HealthOmics limit for a"
                    + " run-settings file; reading stopped there", source.cap())), null);
        } catch (JsonProcessingException malformed) {
            stopped(syntaxMessage(malformed), malformed.getLocation());
        } catch (CharConversionException undecodable) {
            stopped(Problem.withDetail("the file is not valid UTF-8", ": " + undecodable.getMessage(), ""), null);
        } finally {
            if (parser != null) {
                parser.close(); // returns Jackson's buffers to its recycler; the caller's stream stays open
            }
            if (inputs != null) {
                inputs.close();
            }
        }
        progress.progress(entryCount, source.bytesRead());
        return new ValidationReport(entryCount, errors.total(), errors.kept());
    }

    /**
     * RFC 8259 requires UTF-8 for JSON exchanged between systems, and Jackson would otherwise quietly decode UTF-16
     * and UTF-32. A UTF-8 byte-order mark is reported but parsing goes on: the service's handling of it is not
     * documented and many JSON readers reject it, while the fix (save without BOM) is trivial.
     */
    private boolean encodingAllowsParsing(PushbackInputStream in) throws IOException {
        byte[] head = new byte[ENCODING_SNIFF_BYTES];
        int n = 0;
        for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) {
            n += r;
        }
        in.unread(head, 0, n);
        if (n == 0) {
            errors.addTerminal(-1, null, "", -1, -1,
                    Problem.plain("the file is empty; expected a JSON array of run settings"));
            return false;
        }
        if (n >= 2 && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF)
                || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE))) {
            errors.addTerminal(-1, null, "", 1, 1,
                    Problem.plain("the file is UTF-16 or UTF-32 encoded (it starts with that byte-order mark);"
                            + " save it as UTF-8"));
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                errors.addTerminal(-1, null, "", 1, i + 1,
                        Problem.plain("the file is not UTF-8 (it starts with zero bytes, as UTF-16 or UTF-32 text"
                                + " does); save it as UTF-8"));
                return false;
            }
        }
        if (n >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF) {
            errors.add(-1, "", 1, 1, Problem.plain("the file starts with a UTF-8 byte-order mark (BOM); save it as"
                    + " UTF-8 without BOM"));
        }
        return true;
    }

    /** Real entries are rarely under 256 bytes; guessing low only costs a table resize later. */
    private int expectedEntries() {
        return sizeBytes <= 0 ? 0 : (int) Math.min(maxEntries, sizeBytes / 256);
    }

    private void scanTopLevel() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            errors.addTerminal(-1, null, "", -1, -1,
                    Problem.plain("the file holds no JSON value; expected a JSON array of run settings"));
            return;
        }
        if (first != JsonToken.START_ARRAY) {
            JsonLocation where = parser.currentTokenLocation();
            errors.addTerminal(-1, null, "", where.getLineNr(), where.getColumnNr(),
                    FieldRules.found("the file must hold a JSON array of run settings, found ", parser));
            return;
        }
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            long index = entryCount++;
            if (index == maxEntries) {
                report(index, Problem.plain(String.format("the file has more than %,d entries, the HealthOmics limit",
                        maxEntries)));
            }
            if (token == JsonToken.START_OBJECT) {
                entries.check(index);
            } else {
                report(index, FieldRules.found("each entry must be a JSON object, found ", parser));
                parser.skipChildren();
            }
            if (entryCount % ProgressListener.INTERVAL_ENTRIES == 0) {
                progress.progress(entryCount, source.bytesRead());
            }
        }
        if (entryCount == 0) {
            JsonLocation where = parser.currentTokenLocation();
            errors.add(-1, "", where.getLineNr(), where.getColumnNr(),
                    Problem.plain("the array is empty; a run-settings file needs at least 1 entry"));
        }
        checkNothingFollows();
    }

    /** Only whitespace may follow the array: a second value or stray text would be ignored by a lenient reader. */
    private void checkNothingFollows() throws IOException {
        try {
            if (parser.nextToken() != null) {
                JsonLocation where = parser.currentTokenLocation();
                errors.addTerminal(-1, null, "", where.getLineNr(), where.getColumnNr(),
                        FieldRules.found("unexpected content after the top-level array: ", parser));
            }
        } catch (JsonProcessingException stray) {
            JsonLocation where = locationOf(stray);
            errors.addTerminal(-1, null, "", where.getLineNr(), where.getColumnNr(),
                    Problem.withDetail("unexpected content after the top-level array: ",
                            JacksonMessages.plain(stray.getOriginalMessage()), "not valid JSON"));
        }
    }

    private void report(long index, Problem message) {
        JsonLocation where = parser.currentTokenLocation();
        errors.add(index, JsonPointers.at(parser), where.getLineNr(), where.getColumnNr(), message);
    }

    /** Records the error that ended the scan, closing the open entry first so its held errors keep their order. */
    private void stopped(Problem message, JsonLocation reported) {
        long entryIndex = -1;
        String runSettingId = null;
        if (errors.entryOpen()) {
            entryIndex = entryCount - 1;
            runSettingId = entries.runSettingIdSoFar();
            errors.endEntry(runSettingId);
        }
        JsonLocation where = reported != null ? reported : parser != null ? parser.currentLocation() : null;
        String pointer = parser != null ? JsonPointers.at(parser) : "";
        errors.addTerminal(entryIndex, runSettingId, pointer, where == null ? -1 : where.getLineNr(),
                where == null ? -1 : where.getColumnNr(), message);
    }

    private JsonLocation locationOf(JsonProcessingException e) {
        return e.getLocation() != null ? e.getLocation() : parser.currentLocation();
    }

    /** Jackson's messages quote the offending token, so the safe rendering keeps only the kind of problem. */
    private static Problem syntaxMessage(JsonProcessingException e) {
        String plain = JacksonMessages.plain(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            return Problem.withDetail("the file exceeds a limit of the validator", ": " + plain, "");
        }
        if (plain.contains("UTF-8") || plain.contains("UTF8")) {
            return Problem.withDetail("the file is not valid UTF-8", ": " + plain, "");
        }
        return Problem.withDetail("invalid JSON", ": " + plain, "");
    }
}
