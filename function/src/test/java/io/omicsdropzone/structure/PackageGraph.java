package io.omicsdropzone.structure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which of the project's packages each package uses, read from the sources as text: {@code import} lines (static
 * ones too) and fully qualified names in code. Comments and string literals are left out, so a Javadoc link or a
 * message naming a class makes no arrow. Same-package uses need no import and make none, which is what a package
 * graph wants.
 */
final class PackageGraph {

    private static final String ROOT = "io.omicsdropzone";
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A reference to one of our types: lower-case segments, then the first capitalised one (the type). */
    private static final Pattern REFERENCE = Pattern.compile("\\b" + Pattern.quote(ROOT) + "((?:\\.[a-z_][\\w]*)*)\\.[A-Z]");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile(
            "/\\*.*?\\*/|//[^\\n]*|\"\"\"(?s:.*?)\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'",
            Pattern.DOTALL);

    /** package → the packages it uses (never itself), each with one source file that shows the use. */
    private final Map<String, Map<String, Path>> uses = new TreeMap<>();

    private PackageGraph() {
    }

    static PackageGraph of(Path sourceRoot) {
        PackageGraph graph = new PackageGraph();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                graph.read(sourceRoot.relativize(file), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    private void read(Path file, String source) {
        Matcher declared = PACKAGE.matcher(source);
        if (!declared.find() || !declared.group(1).startsWith(ROOT)) {
            return;
        }
        String from = relative(declared.group(1));
        Map<String, Path> targets = uses.computeIfAbsent(from, p -> new TreeMap<>());
        Matcher reference = REFERENCE.matcher(COMMENTS_AND_STRINGS.matcher(source).replaceAll(" "));
        while (reference.find()) {
            String to = relative(ROOT + reference.group(1));
            if (!to.equals(from)) {
                targets.putIfAbsent(to, file);
                uses.computeIfAbsent(to, p -> new TreeMap<>());
            }
        }
    }

    /** {@code io.omicsdropzone.domain.pipeline} → {@code domain.pipeline}; the root itself → {@code ""}. */
    private static String relative(String qualified) {
        return qualified.equals(ROOT) ? "" : qualified.substring(ROOT.length() + 1);
    }

    Set<String> packages() {
        return uses.keySet();
    }

    /** The packages {@code from} uses, each with a file showing it. */
    Map<String, Path> uses(String from) {
        return uses.getOrDefault(from, Map.of());
    }

    /**
     * Every group of packages that reach each other through their uses (Tarjan's strongly connected components of
     * more than one package), each group sorted; an acyclic graph has none.
     */
    List<Set<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, index, low, stack, onStack, cycles);
            }
        }
        return cycles;
    }

    private void connect(String node, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                         Set<String> onStack, List<Set<String>> cycles) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : uses(node).keySet()) {
            if (!index.containsKey(next)) {
                connect(next, index, low, stack, onStack, cycles);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
    }
}
