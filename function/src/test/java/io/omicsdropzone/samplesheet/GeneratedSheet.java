package io.omicsdropzone.samplesheet;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A samplesheet of {@code rows} rows in the columns of {@link SampleSheetConverterTest#HEADER}, generated as it is
 * read: the sheet itself never exists in memory, so a memory bound measured while converting it is the converter's.
 */
final class GeneratedSheet extends InputStream {

    private final int rows;
    private int next = -1; // -1: the header
    private byte[] line = new byte[0];
    private int at;

    GeneratedSheet(int rows) {
        this.rows = rows;
    }

    /** Row {@code i}'s line (0-based data row). */
    static String row(int i) {
        return String.format("NA%07d,s3://lab-input/run-42/NA%07d_R1.fastq.gz,s3://lab-input/run-42/NA%07d_R2.fastq.gz,"
                + "patient-%05d,%d,%d,%s\r\n", i, i, i, i % 50_000, i % 100, 4 + i % 4, i % 2 == 0);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (at == line.length) {
            if (next >= rows) {
                return -1;
            }
            line = (next < 0 ? SampleSheetConverterTest.HEADER + "\r\n" : row(next)).getBytes(StandardCharsets.UTF_8);
            next++;
            at = 0;
        }
        int n = Math.min(length, line.length - at);
        System.arraycopy(line, at, buffer, offset, n);
        at += n;
        return n;
    }
}
