package io.omicsdropzone.samplesheet;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sheet's records (RFC 4180, CSV or TSV), one at a time, read with FastCSV: UTF-8 (a byte-order mark is skipped,
 * a malformed byte is an error, not a replacement character), CRLF, LF or CR line ends, blank lines returned as one
 * empty cell. FastCSV is strict about text after a closing quote but, at the end of the input, accepts a quoted value
 * that was never closed; a shadow of the quote state, kept as the characters are read, turns that into an error too.
 * Nothing here knows about templates or rows: {@link SheetJsonStream} does.
 */
final class SheetRecords implements AutoCloseable {

    /** Malformed content: the sheet cannot be read past here. {@code line} is 1-based, or 0 when unknown. */
    static final class Malformed extends Exception {
        private final String safeMessage;
        private final long line;

        Malformed(String message, String safeMessage, long line) {
            super(message, null, false, false);
            this.safeMessage = safeMessage;
            this.line = line;
        }

        String safeMessage() {
            return safeMessage;
        }

        long line() {
            return line;
        }
    }

    private final QuoteTrackingReader text;
    private final CloseableIterator<CsvRecord> records;
    private final String format;

    SheetRecords(InputStream sheet, SheetFormat format) {
        this.format = format == SheetFormat.TSV ? "TSV" : "CSV";
        this.text = new QuoteTrackingReader(new InputStreamReader(sheet, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)),
                format.separator());
        this.records = CsvReader.builder()
                .fieldSeparator(format.separator())
                .quoteCharacter('"')
                .skipEmptyLines(false)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .allowExtraCharsAfterClosingQuote(false)
                .ofCsvRecord(text)
                .iterator();
    }

    /**
     * Reads the next record's cells into {@code cells} (cleared first).
     *
     * @return false at the end of the sheet
     * @throws Malformed    for malformed CSV/TSV or bad UTF-8
     * @throws IOException  when reading the underlying stream fails
     */
    boolean next(List<String> cells) throws Malformed, IOException {
        cells.clear();
        CsvRecord record;
        try {
            if (!records.hasNext()) {
                return false;
            }
            record = records.next();
        } catch (CsvParseException malformed) {
            Throwable cause = malformed.getCause() != null ? malformed.getCause() : malformed;
            long line = text.line();
            if (malformed.getMessage() != null && malformed.getMessage().startsWith("Exception when reading record")) {
                line = record(malformed.getMessage(), line);
            } else if (malformed.getMessage() != null && malformed.getMessage().startsWith("Exception when reading first")) {
                line = 1;
            }
            throw new Malformed("malformed " + format + ": " + cause.getMessage(), "malformed " + format, line);
        } catch (UncheckedIOException failed) {
            if (failed.getCause() instanceof CharacterCodingException) {
                throw new Malformed("the sheet is not valid UTF-8: a malformed byte sequence",
                        "the sheet is not valid UTF-8", text.line());
            }
            throw failed.getCause();
        }
        if (text.unclosedQuoteLine() > 0) {
            // At the end of the input inside a quoted value: this last record swallowed everything after the quote.
            throw new Malformed("malformed " + format + ": Missing closing quote for a value that opens here",
                    "malformed " + format, text.unclosedQuoteLine());
        }
        for (int i = 0; i < record.getFieldCount(); i++) {
            cells.add(record.getField(i));
        }
        return true;
    }

    /** The line FastCSV names in "… record that started in line N". */
    private static long record(String message, long fallback) {
        int at = message.lastIndexOf(' ');
        try {
            return Long.parseLong(message.substring(at + 1));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public void close() {
        // The caller owns the sheet's stream; nothing of ours holds a resource.
    }

    /**
     * Passes characters through, skipping a leading byte-order mark, and follows RFC 4180's quote state as they go by:
     * whether the input ended inside a quoted value, and on which line that value opened.
     */
    static final class QuoteTrackingReader extends Reader {
        private static final int FIELD_START = 0;
        private static final int UNQUOTED = 1;
        private static final int QUOTED = 2;
        private static final int QUOTE_IN_QUOTED = 3;

        private final Reader in;
        private final char separator;
        private boolean started;
        private int state = FIELD_START;
        private boolean afterCr;
        private long line = 1;
        private long quoteOpenedOn;
        private long unclosedQuoteLine;

        QuoteTrackingReader(Reader in, char separator) {
            this.in = in;
            this.separator = separator;
        }

        /** The line of the last character read (1-based). */
        long line() {
            return line;
        }

        /** The line a never-closed quoted value opened on, once the input has ended; 0 otherwise. */
        long unclosedQuoteLine() {
            return unclosedQuoteLine;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n < 0) {
                if (state == QUOTED) {
                    unclosedQuoteLine = quoteOpenedOn;
                }
                return n;
            }
            if (!started && n > 0) {
                started = true;
                if (buffer[offset] == '\uFEFF') {
                    System.arraycopy(buffer, offset + 1, buffer, offset, n - 1);
                    n--;
                    if (n == 0) {
                        return read(buffer, offset, length);
                    }
                }
            }
            for (int i = offset; i < offset + n; i++) {
                follow(buffer[i]);
            }
            return n;
        }

        private void follow(char c) {
            if (c == '\n') {
                if (!afterCr) {
                    line++;
                }
            } else if (c == '\r') {
                line++;
            }
            afterCr = c == '\r';
            boolean newline = c == '\n' || c == '\r';
            switch (state) {
                case FIELD_START -> {
                    if (c == '"') {
                        state = QUOTED;
                        quoteOpenedOn = line;
                    } else if (c != separator && !newline) {
                        state = UNQUOTED;
                    }
                }
                case UNQUOTED -> state = c == separator || newline ? FIELD_START : UNQUOTED;
                case QUOTED -> state = c == '"' ? QUOTE_IN_QUOTED : QUOTED;
                default -> state = c == '"' ? QUOTED : c == separator || newline ? FIELD_START : UNQUOTED;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
