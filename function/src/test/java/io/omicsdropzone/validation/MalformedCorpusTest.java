package io.omicsdropzone.validation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every file in validation/malformed/ is reported, with the error index.tsv names for it, and none crashes or hangs.
 */
class MalformedCorpusTest {

    private static final String CORPUS = "/validation/malformed/";

    static Stream<Arguments> corpus() throws IOException {
        try (InputStream index = MalformedCorpusTest.class.getResourceAsStream(CORPUS + "index.tsv");
             BufferedReader lines = new BufferedReader(new InputStreamReader(Objects.requireNonNull(index),
                     StandardCharsets.UTF_8))) {
            List<Arguments> cases = lines.lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t", -1))
                    .map(f -> Arguments.of(f[0], f[1], f[2], f[3]))
                    .toList();
            assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void reportsTheExpectedError(String file, String pointer, String fragment, String line) throws Exception {
        byte[] bytes;
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream(CORPUS + file), file)) {
            bytes = in.readAllBytes();
        }

        // A hang guard only: the scan of these small files takes milliseconds.
        ValidationReport report = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> new RunSettingsValidator().validate(new java.io.ByteArrayInputStream(bytes), bytes.length));

        assertThat(report.valid()).as("%s is reported invalid", file).isFalse();
        assertThat(report.errorCount()).isGreaterThanOrEqualTo(report.errors().size()).isPositive();
        assertThat(report.errors())
                .as("%s: an error at pointer '%s' containing '%s'", file, pointer, fragment)
                .anySatisfy(error -> {
                    assertThat(error.message()).contains(fragment);
                    if (!pointer.equals("*")) {
                        assertThat(error.pointer()).isEqualTo(pointer);
                    }
                    if (!line.equals("-")) {
                        assertThat(error.line()).isEqualTo(Long.parseLong(line));
                        assertThat(error.column()).isPositive();
                    }
                });
    }
}
