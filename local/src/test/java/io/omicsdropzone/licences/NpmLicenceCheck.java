package io.omicsdropzone.licences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every package in an npm lock file (lockfileVersion 2 or 3: the "packages" map) against an allow-list of SPDX
 * ids. The licence comes from the lock entry's "license"; when the lock has none, from the installed package.json
 * ("license", or the old "licenses" array). Expressions: "A OR B" passes when one side is allowed, "A AND B" when
 * both are; anything more involved (mixed operators, WITH exceptions) is reported for a person to judge.
 */
final class NpmLicenceCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One package and what is wrong with its licence. */
    record Violation(String packagePath, String version, String licence, String reason) {
        @Override
        public String toString() {
            return packagePath + "@" + version + ": " + licence + " (" + reason + ")";
        }
    }

    /** What the check saw: how many packages, and which of them are not allowed. */
    record Result(int checked, List<Violation> violations) {
    }

    private final Set<String> allowed;

    NpmLicenceCheck(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /** The allow-list file the Maven licence check reads too: one SPDX id a line. */
    static Set<String> readAllowList(Path file) throws IOException {
        return Set.copyOf(Files.readAllLines(file).stream().map(String::strip).filter(line -> !line.isEmpty()).toList());
    }

    /** Checks {@code lockFile}; installed package.json files are looked up next to it (its node_modules). */
    Result check(Path lockFile) throws IOException {
        JsonNode packages = JSON.readTree(lockFile.toFile()).path("packages");
        if (!packages.isObject()) {
            throw new IllegalArgumentException(lockFile + " has no \"packages\" map (lockfileVersion 2 or later needed)");
        }
        Path root = lockFile.toAbsolutePath().getParent();
        int checked = 0;
        List<Violation> violations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = packages.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String path = entry.getKey();
            JsonNode pkg = entry.getValue();
            if (path.isEmpty() || pkg.path("link").asBoolean(false)) {
                continue; // the project itself (private, UNLICENSED) and workspace links are not third-party code
            }
            checked++;
            String version = pkg.path("version").asText("?");
            String licence = pkg.hasNonNull("license") ? licenceText(pkg.get("license")) : installedLicence(root.resolve(path));
            if (licence == null) {
                violations.add(new Violation(path, version, "none", "no licence in the lock file or package.json"));
                continue;
            }
            String reason = judge(licence);
            if (reason != null) {
                violations.add(new Violation(path, version, licence, reason));
            }
        }
        return new Result(checked, List.copyOf(violations));
    }

    /** Null when the expression is allowed, else why not. */
    String judge(String expression) {
        String bare = expression.strip();
        while (bare.startsWith("(") && bare.endsWith(")")) {
            bare = bare.substring(1, bare.length() - 1).strip();
        }
        if (bare.contains("(") || bare.contains(" WITH ") || (bare.contains(" OR ") && bare.contains(" AND "))) {
            return "expression too involved for the automatic check; review it by hand";
        }
        if (bare.contains(" OR ")) {
            return Arrays.stream(bare.split(" OR ")).map(String::strip).anyMatch(allowed::contains)
                    ? null : "no alternative is on the allow-list";
        }
        List<String> notAllowed = Arrays.stream(bare.split(" AND ")).map(String::strip)
                .filter(id -> !allowed.contains(id)).toList();
        return notAllowed.isEmpty() ? null : "not on the allow-list: " + String.join(", ", notAllowed);
    }

    private static String installedLicence(Path packageDir) throws IOException {
        Path manifest = packageDir.resolve("package.json");
        if (!Files.isRegularFile(manifest)) {
            return null;
        }
        JsonNode pkg = JSON.readTree(manifest.toFile());
        if (pkg.hasNonNull("license")) {
            return licenceText(pkg.get("license"));
        }
        List<String> types = new ArrayList<>();
        pkg.path("licenses").forEach(licence -> types.add(licenceText(licence)));
        return types.isEmpty() ? null : "(" + String.join(" OR ", types) + ")";
    }

    /** "MIT", or the old object form {"type": "MIT", "url": ...}. */
    private static String licenceText(JsonNode licence) {
        return licence.isObject() ? licence.path("type").asText() : licence.asText();
    }
}
