package io.omicsdropzone.samplesheet;

import java.util.ArrayList;
import java.util.List;

/** Keeps the first conversion errors and counts all of them: a sheet with a million bad rows costs no more. */
final class SheetErrors {

    private final int capacity;
    private final List<SheetError> kept = new ArrayList<>();
    private long total;

    SheetErrors(int capacity) {
        this.capacity = capacity;
    }

    void add(SheetError error) {
        total++;
        if (kept.size() < capacity) {
            kept.add(error);
        }
    }

    /** Counts a problem that is not kept. */
    void count() {
        total++;
    }

    long total() {
        return total;
    }

    List<SheetError> kept() {
        return kept;
    }
}
