package io.omicsdropzone.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/architecture.md's diagrams name real code: every Mermaid node whose id starts with a capital letter is a
 * class of this repository (a {@code Name.java} under some module's {@code src/main/java}), and its label, when it
 * has one, shows that name.
 */
class ArchitectureDocTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern MERMAID = Pattern.compile("```mermaid\\n(.*?)```", Pattern.DOTALL);
    /** A node reference: an id, then optionally its shape with the label ([..], (..), [(..)], {{..}}, [[..]], ([..])). */
    private static final Pattern NODE = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)(\\[\\[.*?\\]\\]|\\[\\(.*?\\)\\]"
            + "|\\(\\[.*?\\]\\)|\\(\\(.*?\\)\\)|\\{\\{.*?\\}\\}|\\[.*?\\]|\\(.*?\\)|\\{.*?\\})?");

    @Test
    void every_class_the_diagrams_name_exists_in_the_code() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/architecture.md"), StandardCharsets.UTF_8);
        Set<String> sources = sourceFileNames();
        Set<String> named = new TreeSet<>();
        Set<String> missing = new TreeSet<>();
        Set<String> mislabelled = new TreeSet<>();
        Matcher block = MERMAID.matcher(doc);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            for (String line : block.group(1).split("\\n")) {
                String code = stripEdgeLabels(line.strip());
                if (code.startsWith("subgraph") || code.startsWith("flowchart") || code.startsWith("%%")
                        || code.equals("end")) {
                    continue;
                }
                Matcher node = NODE.matcher(code);
                while (node.find()) {
                    String id = node.group(1);
                    if (!Character.isUpperCase(id.charAt(0))) {
                        continue; // an AWS service, a person, a subgraph
                    }
                    named.add(id);
                    if (!sources.contains(id + ".java")) {
                        missing.add(id);
                    }
                    if (node.group(2) != null && !node.group(2).contains(id)) {
                        mislabelled.add(id + " labelled " + node.group(2));
                    }
                }
            }
        }
        assertThat(blocks).as("mermaid blocks in docs/architecture.md").isGreaterThanOrEqualTo(2);
        assertThat(named).as("class names the diagrams show").hasSizeGreaterThan(20)
                .contains("SubmitDrop", "TrackBatch", "DropzoneStack", "LiveDropzone");
        assertThat(missing).as("diagram nodes with no class of that name").isEmpty();
        assertThat(mislabelled).as("class nodes whose label hides the class name").isEmpty();
    }

    @Test
    void a_renamed_class_would_be_caught() throws IOException {
        Set<String> sources = sourceFileNames();
        Matcher node = NODE.matcher(stripEdgeLabels("SubmitDrop -- \"claim, record\" --> DropRepositoryThatIsGone"));
        List<String> ids = new java.util.ArrayList<>();
        while (node.find()) {
            ids.add(node.group(1));
        }

        assertThat(ids).containsExactly("SubmitDrop", "DropRepositoryThatIsGone");
        assertThat(ids).filteredOn(id -> !sources.contains(id + ".java")).containsExactly("DropRepositoryThatIsGone");
    }

    /** Edge labels ({@code -- "text" -->}, {@code -. "text" .->}, {@code -- text -->}) are prose, not nodes. */
    private static String stripEdgeLabels(String line) {
        return line.replaceAll("--\\s*\"[^\"]*\"\\s*-->", "-->").replaceAll("-\\.\\s*\"[^\"]*\"\\s*\\.->", "-.->")
                .replaceAll("--\\s+[^\\->\"]+\\s+-->", "-->");
    }

    private static Set<String> sourceFileNames() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String module : List.of("function", "infra", "local", "bench")) {
            Path main = ROOT.resolve(module).resolve("src/main/java");
            if (Files.isDirectory(main)) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(f -> names.add(f.getFileName().toString()));
                }
            }
        }
        return names;
    }
}
