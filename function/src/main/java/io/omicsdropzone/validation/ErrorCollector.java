package io.omicsdropzone.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the first errors of a scan and counts all of them, so a file with millions of mistakes costs no more memory
 * than one with a hundred.
 *
 * <p>Errors found inside an entry are held until the entry's object closes: its runSettingId may come after the bad
 * field, and attaching it then costs nothing. Every stored string is bounded and printable (see {@link UserText}),
 * which is what lets {@link ValidationSummary} promise a size limit.
 */
final class ErrorCollector {

    static final int MAX_POINTER_CHARS = 200;
    static final int MAX_MESSAGE_CHARS = 300;

    private final int capacity;
    private final List<ValidationError> kept = new ArrayList<>();
    private final List<ValidationError> pendingInEntry = new ArrayList<>();
    private long total;
    private boolean entryOpen;

    ErrorCollector(int capacity) {
        this.capacity = capacity;
    }

    void beginEntry() {
        entryOpen = true;
    }

    /** Closes the open entry, attaching its runSettingId (null when it had no valid one) to its held errors. */
    void endEntry(String runSettingId) {
        for (ValidationError held : pendingInEntry) {
            kept.add(new ValidationError(held.entryIndex(), runSettingId, held.pointer(), held.line(), held.column(),
                    held.message(), held.safeMessage()));
        }
        pendingInEntry.clear();
        entryOpen = false;
    }

    /** Whether the open entry has errors waiting for its runSettingId. */
    boolean hasHeldErrors() {
        return !pendingInEntry.isEmpty();
    }

    boolean entryOpen() {
        return entryOpen;
    }

    void add(long entryIndex, String pointer, long line, long column, Problem message) {
        total++;
        if (kept.size() + pendingInEntry.size() >= capacity) {
            return;
        }
        ValidationError error = bounded(entryIndex, null, pointer, line, column, message);
        (entryOpen ? pendingInEntry : kept).add(error);
    }

    /**
     * The error that ended the scan (a syntax error, the size cap). It is always reported: when the list is full it
     * takes the last place, because without it the user cannot tell why the remaining entries were not checked.
     * Call {@link #endEntry} first when an entry was open.
     */
    void addTerminal(long entryIndex, String runSettingId, String pointer, long line, long column, Problem message) {
        total++;
        if (kept.size() >= capacity) {
            kept.remove(kept.size() - 1);
        }
        kept.add(bounded(entryIndex, runSettingId, pointer, line, column, message));
    }

    /**
     * A problem found after its entry closed (an input check answered while the scan read on): kept if there is room,
     * always counted.
     */
    void addLate(long entryIndex, String runSettingId, String pointer, long line, long column, Problem message) {
        total++;
        if (kept.size() + pendingInEntry.size() >= capacity) {
            return;
        }
        kept.add(bounded(entryIndex, runSettingId, pointer, line, column, message));
    }

    /** Problems counted but not kept (found elsewhere, past the capacity). */
    void countOnly(long count) {
        total += count;
    }

    long total() {
        return total;
    }

    List<ValidationError> kept() {
        return kept;
    }

    private static ValidationError bounded(long entryIndex, String runSettingId, String pointer, long line,
                                           long column, Problem message) {
        return new ValidationError(entryIndex, runSettingId, UserText.printable(pointer, MAX_POINTER_CHARS), line,
                column, UserText.printable(message.message(), MAX_MESSAGE_CHARS),
                UserText.printable(message.safeMessage(), MAX_MESSAGE_CHARS));
    }
}
