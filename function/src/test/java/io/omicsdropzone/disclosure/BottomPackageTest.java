package io.omicsdropzone.disclosure;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code disclosure} is the bottom of the house: validation, samplesheets and the domain all render through it, so it
 * may import none of them (nothing of ours outside itself).
 */
class BottomPackageTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "io", "omicsdropzone", "disclosure");

    @Test
    void the_disclosure_package_imports_nothing_else_of_ours() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(SOURCES)) {
            files = listed.filter(path -> path.toString().endsWith(".java")).toList();
        }
        assertThat(files).extracting(path -> path.getFileName().toString())
                .contains("Disclosure.java", "Renderer.java", "Field.java");
        for (Path file : files) {
            assertThat(Files.readAllLines(file)).as(file.toString())
                    .filteredOn(line -> line.startsWith("import ") && line.contains(" io.omicsdropzone."))
                    .allSatisfy(line -> assertThat(line).startsWith("import io.omicsdropzone.disclosure."));
            assertThat(Files.readString(file)).as(file + " names no other package of ours in its code")
                    .doesNotContainPattern("io\\.omicsdropzone\\.(?!disclosure\\b)");
        }
    }
}
