package io.omicsdropzone.structure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One direction between the packages of {@code function/}: from the entry points (cli, handler) down through the
 * composition (app), the adapters (aws, omics) and the configuration, to the domain and, below it, the libraries it
 * uses (samplesheet, validation) and the plain helpers. A package may use its own layer's packages only if no cycle
 * forms, and lower layers only. A new package fails this test until it is given a place here.
 */
class PackageDependenciesTest {

    /** Bottom first. {@code x.*} places every subpackage of x beside x. */
    static final List<List<String>> LAYERS = List.of(
            List.of("json", "disclosure", "spool"),
            List.of("metrics"),
            List.of("validation"),
            List.of("samplesheet"),
            List.of("domain", "domain.*"),
            List.of("event"),
            List.of("signed"),
            List.of("omics"),
            List.of("aws"),
            List.of("config"),
            List.of("app", "app.*"),
            List.of("handler"),
            List.of("cli"));

    private static final Path SOURCES = Path.of("src/main/java");

    @Test
    void packagesOfTheFunctionFormNoCycle() {
        PackageGraph graph = PackageGraph.of(SOURCES);
        assertThat(graph.packages()).as("packages read").contains("domain", "samplesheet", "validation", "handler");
        assertThat(graph.cycles()).as("packages that use each other in a circle").isEmpty();
    }

    @Test
    void everyPackageUsesOnlyItsOwnLayerOrLowerOnes() {
        assertThat(violations(PackageGraph.of(SOURCES))).isEmpty();
    }

    @Test
    void theDomainsLibrariesKnowNothingAboveThem() {
        PackageGraph graph = PackageGraph.of(SOURCES);
        for (String library : List.of("samplesheet", "validation")) {
            assertThat(graph.uses(library).keySet()).as(library + " uses these packages at or above the domain")
                    .filteredOn(used -> layer(used) >= layer("domain")).isEmpty();
        }
    }

    // The checks themselves must be able to fail: a tree that breaks each rule once.

    @Test
    void aCycleAndAnUpwardUseAreFound(@TempDir Path root) throws IOException {
        write(root, "domain/A.java", "package io.omicsdropzone.domain;\nimport io.omicsdropzone.samplesheet.B;\n"
                + "class A { B b; }\n");
        write(root, "samplesheet/B.java", "package io.omicsdropzone.samplesheet;\n"
                + "class B { io.omicsdropzone.domain.A a; /* io.omicsdropzone.cli.Main */ String s = \"io.omicsdropzone.cli.Main\"; }\n");
        PackageGraph graph = PackageGraph.of(root);

        assertThat(graph.cycles()).containsExactly(Set.of("domain", "samplesheet"));
        assertThat(graph.uses("samplesheet")).as("comments and strings make no arrow").containsOnlyKeys("domain");
        assertThat(violations(graph)).singleElement().asString().startsWith("samplesheet (layer 3) uses domain (layer 4)");
    }

    @Test
    void aPackageWithoutAPlaceIsReported(@TempDir Path root) throws IOException {
        write(root, "gadgets/C.java", "package io.omicsdropzone.gadgets;\nclass C { }\n");
        assertThat(violations(PackageGraph.of(root))).singleElement().asString().contains("gadgets has no layer");
    }

    private static List<String> violations(PackageGraph graph) {
        List<String> found = new ArrayList<>();
        for (String from : graph.packages()) {
            int fromLayer = layer(from);
            if (fromLayer < 0) {
                found.add(from + " has no layer: give it one in PackageDependenciesTest.LAYERS");
                continue;
            }
            for (Map.Entry<String, Path> use : graph.uses(from).entrySet()) {
                int toLayer = layer(use.getKey());
                if (toLayer > fromLayer) {
                    found.add(from + " (layer " + fromLayer + ") uses " + use.getKey() + " (layer " + toLayer
                            + ") in " + use.getValue());
                }
            }
        }
        return found;
    }

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String place : LAYERS.get(i)) {
                if (place.equals(pkg) || place.endsWith(".*") && pkg.startsWith(place.substring(0, place.length() - 1))) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static void write(Path root, String file, String source) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, source);
    }
}
