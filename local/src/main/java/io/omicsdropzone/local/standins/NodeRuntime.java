package io.omicsdropzone.local.standins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what the dynalite child process needs before anything starts: a {@code node} of version 20 or later (the
 * engines range of dynalite 4) and the {@code node_modules/dynalite} that {@code npm ci} installed from the root
 * package-lock.json. Either missing fails at once with one message that says what to install.
 */
final class NodeRuntime {

    /** Path of the node executable; {@code node} on the PATH when unset. */
    static final String NODE_PROPERTY = "omicsdropzone.node";
    /** A node_modules directory to use instead of searching up from the working directory. */
    static final String NODE_MODULES_PROPERTY = "omicsdropzone.nodeModules";
    static final int MINIMUM_MAJOR = 20;

    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.\\d+\\.\\d+.*");

    private final String node;
    private final Path dynalite;

    private NodeRuntime(String node, Path dynalite) {
        this.node = node;
        this.dynalite = dynalite;
    }

    /** Checks node and locates dynalite; throws IllegalStateException naming what to install. */
    static NodeRuntime locate() {
        String node = System.getProperty(NODE_PROPERTY, "node");
        checkVersion(node, versionOf(node));
        return new NodeRuntime(node, dynaliteModule(System.getProperty(NODE_MODULES_PROPERTY),
                Path.of(System.getProperty("user.dir"))));
    }

    String node() {
        return node;
    }

    /** The installed dynalite package directory (the child script requires it by this absolute path). */
    Path dynalite() {
        return dynalite;
    }

    static void checkVersion(String node, String version) {
        Matcher matcher = version == null ? null : VERSION.matcher(version);
        if (matcher == null || !matcher.matches() || Integer.parseInt(matcher.group(1)) < MINIMUM_MAJOR) {
            String found = version == null ? "no runnable '" + node + "' (is it on the PATH?)"
                    : "'" + version + "' from '" + node + "'";
            throw new IllegalStateException("Node.js " + MINIMUM_MAJOR + " or later is needed for the DynamoDB "
                    + "stand-in (dynalite); found " + found + ". Install Node.js " + MINIMUM_MAJOR
                    + " or later (https://nodejs.org/) or point -D" + NODE_PROPERTY + " at one.");
        }
    }

    /** {@code node --version}'s first line, or null when it cannot be run. */
    private static String versionOf(String node) {
        try {
            Process process = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            try (InputStream out = process.getInputStream()) {
                String text = new String(out.readNBytes(200), StandardCharsets.UTF_8).strip();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return null;
                }
                return process.exitValue() == 0 ? text.lines().findFirst().orElse("") : null;
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + node + " for its version", e);
        }
    }

    /**
     * The Maven build runs from the repository root or from local/, so look in the working directory and each
     * parent for node_modules/dynalite, unless a node_modules directory is given.
     */
    static Path dynaliteModule(String nodeModules, Path workingDirectory) {
        if (nodeModules != null && !nodeModules.isBlank()) {
            Path given = Path.of(nodeModules).toAbsolutePath().resolve("dynalite");
            if (Files.isRegularFile(given.resolve("package.json"))) {
                return given;
            }
            throw missing(given.toString());
        }
        for (Path dir = workingDirectory.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("node_modules").resolve("dynalite");
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
        }
        throw missing("node_modules/dynalite in " + workingDirectory.toAbsolutePath() + " or any parent");
    }

    private static IllegalStateException missing(String where) {
        return new IllegalStateException("dynalite (the DynamoDB stand-in) is not installed: no " + where
                + ". Run 'npm ci' in the repository root (the Maven build of local/ runs it when node_modules is"
                + " missing or older than package-lock.json).");
    }
}
