package io.omicsdropzone.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the App finds function.jar, and what it says when the jar is not built yet. */
class DropzoneAppTest {

    @Test
    void findsTheJarFromTheRepositoryRoot(@TempDir Path repo) throws IOException {
        writeJar(repo);

        assertThat(DropzoneApp.functionCode(repo)).isNotNull();
    }

    @Test
    void findsTheJarFromTheInfraModule(@TempDir Path repo) throws IOException {
        writeJar(repo);
        Path infra = Files.createDirectories(repo.resolve("infra"));

        assertThat(DropzoneApp.functionCode(infra)).isNotNull();
    }

    @Test
    void aMissingJarSaysHowToBuildIt(@TempDir Path repo) {
        assertThatThrownBy(() -> DropzoneApp.functionCode(repo))
                .isInstanceOf(DropzoneApp.MissingFunctionJarException.class)
                .hasMessageStartingWith("function/target/function.jar not found (looked at [")
                .hasMessageContaining(repo.resolve("function/target/function.jar").toString())
                .hasMessageEndingWith("run ./mvnw -DskipTests package first");
    }

    private static void writeJar(Path repo) throws IOException {
        Path jar = repo.resolve(DropzoneApp.FUNCTION_JAR);
        Files.createDirectories(jar.getParent());
        // An empty zip: enough for CDK to stage it as the function asset.
        Files.write(jar, new byte[] {0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    }
}
