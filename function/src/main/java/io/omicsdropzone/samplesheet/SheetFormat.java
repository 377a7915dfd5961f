package io.omicsdropzone.samplesheet;

import java.util.Locale;
import java.util.Optional;

/** The samplesheet formats a pipeline accepts, told apart by the key's extension. */
public enum SheetFormat {
    CSV(','),
    TSV('\t');

    private final char separator;

    SheetFormat(char separator) {
        this.separator = separator;
    }

    char separator() {
        return separator;
    }

    /** CSV for {@code .csv}, TSV for {@code .tsv} (any case); empty for anything else. */
    public static Optional<SheetFormat> forKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        return lower.endsWith(".tsv") ? Optional.of(TSV) : Optional.empty();
    }
}
