package io.omicsdropzone.licences;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The npm half of the licence check (the Maven half is license-maven-plugin in the root pom): every package in the
 * root package-lock.json must carry a licence from licences/allowed.txt. Runs in every ./mvnw verify.
 */
class NpmLicenceCheckTest {

    private static final Set<String> ALLOWED = Set.of("Apache-2.0", "MIT", "ISC");

    @Test
    void everyNpmPackageOfTheRepositoryHasAnAllowedLicence() throws IOException {
        Path root = repositoryRoot();
        NpmLicenceCheck check = new NpmLicenceCheck(NpmLicenceCheck.readAllowList(root.resolve("licences/allowed.txt")));

        NpmLicenceCheck.Result result = check.check(root.resolve("package-lock.json"));

        assertThat(result.violations()).isEmpty();
        // dynalite, its LevelDB stack and the CDK CLI: the check really read the lock file.
        assertThat(result.checked()).isGreaterThan(20);
    }

    @Test
    void aProprietaryPackageFailsTheCheck(@TempDir Path dir) throws IOException {
        Path lock = lock(dir, """
                "node_modules/dynalite": {"version": "4.0.0", "license": "Apache-2.0"},
                "node_modules/secret-sauce": {"version": "1.2.3", "license": "LicenseRef-Proprietary"}""");

        NpmLicenceCheck.Result result = new NpmLicenceCheck(ALLOWED).check(lock);

        assertThat(result.checked()).isEqualTo(2);
        assertThat(result.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.packagePath()).isEqualTo("node_modules/secret-sauce");
            assertThat(violation.licence()).isEqualTo("LicenseRef-Proprietary");
        });
    }

    @Test
    void orNeedsOneAllowedSideAndAndNeedsBoth() {
        NpmLicenceCheck check = new NpmLicenceCheck(ALLOWED);

        assertThat(check.judge("(MIT OR GPL-3.0-only)")).isNull();
        assertThat(check.judge("MIT AND ISC")).isNull();
        assertThat(check.judge("(MIT AND GPL-3.0-only)")).contains("GPL-3.0-only");
        assertThat(check.judge("GPL-2.0-only OR SSPL-1.0")).isNotNull();
        assertThat(check.judge("GPL-2.0-only WITH Classpath-exception-2.0")).contains("by hand");
        assertThat(check.judge("UNLICENSED")).isNotNull();
    }

    @Test
    void aLockEntryWithoutLicenceIsJudgedByTheInstalledPackageJson(@TempDir Path dir) throws IOException {
        install(dir, "node_modules/old-style", "{\"licenses\": [{\"type\": \"MIT\", \"url\": \"x\"}]}");
        install(dir, "node_modules/closed", "{\"license\": \"SEE LICENSE IN LICENSE.txt\"}");
        Path lock = lock(dir, """
                "node_modules/old-style": {"version": "1.0.0"},
                "node_modules/closed": {"version": "2.0.0"},
                "node_modules/not-installed": {"version": "3.0.0"}""");

        NpmLicenceCheck.Result result = new NpmLicenceCheck(ALLOWED).check(lock);

        assertThat(result.violations()).extracting(NpmLicenceCheck.Violation::packagePath)
                .containsExactlyInAnyOrder("node_modules/closed", "node_modules/not-installed");
    }

    private static Path lock(Path dir, String packages) throws IOException {
        return Files.writeString(dir.resolve("package-lock.json"), """
                {"name": "x", "lockfileVersion": 3, "packages": {
                "": {"name": "x", "license": "UNLICENSED"},
                %s}}""".formatted(packages));
    }

    private static void install(Path dir, String path, String packageJson) throws IOException {
        Files.createDirectories(dir.resolve(path));
        Files.writeString(dir.resolve(path).resolve("package.json"), packageJson);
    }

    /** Tests run from local/ (Maven) or the repository root (an IDE). */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("licences/allowed.txt")) && Files.isRegularFile(dir.resolve("package-lock.json"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no licences/allowed.txt and package-lock.json above " + Path.of("").toAbsolutePath());
    }
}
