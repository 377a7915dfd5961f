package io.omicsdropzone.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The call ledger the local module's end-to-end tests write ({@code local/target/iam-ledger/*.jsonl}, one JSON object
 * a line, see {@code io.omicsdropzone.local.standins.iam.CallLedger}) and the names of the environment they ran in
 * ({@code environment.json}).
 */
record IamLedger(List<Call> calls, Map<String, String> environment) {

    /** Where surefire points {@code iam.ledger.dir} (infra/pom.xml): the local module's ledger. */
    static final String DIRECTORY_PROPERTY = "iam.ledger.dir";

    /** One recorded request. {@code role}: submit, status, reconcile, operator or harness. */
    record Call(String source, String deployment, String role, String service, String operation, int status,
                Map<String, String> details) {

        String describe() {
            return role + " " + service + ":" + operation + " " + details + (status == 0 ? "" : " -> " + status)
                    + " (" + source + ", " + deployment + ")";
        }
    }

    static Path directory() {
        return Path.of(System.getProperty(DIRECTORY_PROPERTY, "../local/target/iam-ledger"));
    }

    static boolean exists() {
        return Files.isRegularFile(directory().resolve("environment.json"));
    }

    static IamLedger read() {
        Path dir = directory();
        ObjectMapper json = new ObjectMapper();
        List<Call> calls = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jsonl")) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path file : sorted) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node = json.readTree(line);
                    Map<String, String> details = new TreeMap<>();
                    node.path("details").fields().forEachRemaining(e -> details.put(e.getKey(), e.getValue().asText()));
                    calls.add(new Call(node.path("source").asText(), node.path("deployment").asText("single"),
                            node.path("role").asText(), node.path("service").asText(), node.path("operation").asText(),
                            node.path("status").asInt(), details));
                }
            }
            Map<String, String> environment = new LinkedHashMap<>();
            json.readTree(dir.resolve("environment.json").toFile()).fields()
                    .forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
            return new IamLedger(asInputBucket(calls, environment), Map.copyOf(environment));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the IAM call ledger in " + dir.toAbsolutePath(), e);
        }
    }

    /**
     * Calls on the environment's other input buckets ({@code inputBucketAliases}: a second bucket whose writes get
     * SSE-KMS ETags, as the deployed input bucket's do) checked as calls on the stack's one input bucket.
     */
    private static List<Call> asInputBucket(List<Call> calls, Map<String, String> environment) {
        String aliases = environment.getOrDefault("inputBucketAliases", "");
        if (aliases.isBlank()) {
            return List.copyOf(calls);
        }
        java.util.Set<String> names = java.util.Set.of(aliases.split(","));
        String bucket = environment.get("bucket");
        return calls.stream().map(call -> {
            Map<String, String> details = new TreeMap<>(call.details());
            details.replaceAll((key, value) -> (key.equals("bucket") || key.equals("copySourceBucket"))
                    && names.contains(value) ? bucket : value);
            return new Call(call.source(), call.deployment(), call.role(), call.service(), call.operation(),
                    call.status(), details);
        }).toList();
    }
}
