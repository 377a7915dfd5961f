package io.omicsdropzone.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the front door and the docs/ pages navigable: every relative link names a file that exists, and every
 * {@code #anchor} names a heading of its target page, computed the way GitHub renders heading ids. Links inside code
 * (fenced blocks and inline spans) are not links and are skipped.
 */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

    private final Path root = repositoryRoot();
    private final Map<Path, Set<String>> anchors = new HashMap<>();

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
                while (link.find()) {
                    String problem = check(page, link.group(2));
                    if (problem != null) {
                        broken.add(root.relativize(page) + ":" + (i + 1) + " " + link.group(2) + ": " + problem);
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "broken links");
    }

    @Test
    void theReadmeIsAFrontDoorAndEveryDocsPageIsLinkedFromIt() throws IOException {
        List<String> readme = Files.readAllLines(root.resolve("README.md"));
        assertTrue(readme.size() <= 250, "README.md has " + readme.size() + " lines; reference belongs in docs/");
        String text = String.join("\n", readme);
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            List<String> unlinked = docs.filter(p -> p.toString().endsWith(".md"))
                    .map(p -> "docs/" + p.getFileName())
                    .filter(name -> !text.contains("](" + name + ")") && !text.contains("](" + name + "#"))
                    .sorted().toList();
            assertEquals(List.of(), unlinked, "docs pages not reachable in one click from the README");
        }
    }

    @Test
    void headingIdsFollowGitHubsRule() {
        assertEquals("pre-flight-failing-runs-caught-before-any-compute-is-spent",
                slug("Pre-flight: failing runs caught before any compute is spent"));
        assertEquals("identical-re-uploads-duplicatefile", slug("Identical re-uploads: `DuplicateFile`"));
        assertEquals("redrive-id---include-cancelled", slug("`redrive ID --include-cancelled`"));
    }

    private String check(Path page, String target) {
        if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
            return null; // absolute URL (https:, mailto:): not ours to check offline
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!resolved.startsWith(root)) {
            return "points outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor == null) {
            return null;
        }
        if (!resolved.toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        return anchorsOf(resolved).contains(anchor) ? null : "no heading with id '" + anchor + "'";
    }

    private Set<String> anchorsOf(Path page) {
        return anchors.computeIfAbsent(page, p -> {
            Set<String> ids = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            boolean fenced = false;
            try {
                for (String line : Files.readAllLines(p)) {
                    if (line.startsWith("```")) {
                        fenced = !fenced;
                    }
                    Matcher heading = HEADING.matcher(line);
                    if (!fenced && heading.matches()) {
                        String id = slug(heading.group(1));
                        int n = seen.merge(id, 1, Integer::sum) - 1;
                        ids.add(n == 0 ? id : id + "-" + n);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ids;
        });
    }

    /** GitHub's heading id: lower case, punctuation other than '-' and '_' dropped, each space a '-'. */
    static String slug(String heading) {
        String text = heading.strip().toLowerCase(Locale.ROOT);
        text = LINK.matcher(text).replaceAll("$1");
        return text.replaceAll("[^\\p{L}\\p{N}\\- _]", "").replace(' ', '-');
    }

    private List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("README.md")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
