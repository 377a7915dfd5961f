package io.omicsdropzone.samplesheet;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100,000 rows — the HealthOmics limit for one batch — convert and validate in a child JVM whose whole heap is 24 MB,
 * while the JSON they become is larger than that heap (asserted) and the sheet is generated as it is read: neither is
 * ever held whole.
 */
class HundredThousandRowsTest {

    record Probe(int exit, String out, String err) {
    }

    static Probe probe(String heap, int rows) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                SheetMemoryProbe.class.getName(), Integer.toString(rows)).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Probe(process.exitValue(), out.strip(), err);
    }

    @Test
    void one_hundred_thousand_rows_convert_and_validate_in_a_24_mb_heap() throws Exception {
        Probe probe = probe("24m", 100_000);

        assertThat(probe.exit()).as(probe.err()).isZero();
        List<String> figures = List.of(probe.out().split(" "));
        assertThat(figures.get(0)).isEqualTo("100000");
        assertThat(figures.get(1)).as(probe.err()).isEqualTo("0");
        assertThat(Long.parseLong(figures.get(2))).isGreaterThan(24L * 1024 * 1024);
    }

    @Test
    void rows_beyond_the_limit_are_reported_at_the_first_extra_row_still_in_the_same_heap() throws Exception {
        Probe probe = probe("24m", 100_001);

        assertThat(probe.exit()).as(probe.err()).isZero();
        assertThat(probe.out()).startsWith("100001 1 ");
        assertThat(probe.err().strip())
                .isEqualTo("row 100002: the sheet has more than 100,000 rows, the HealthOmics limit for one batch");
    }
}
