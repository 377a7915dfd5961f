package io.omicsdropzone.local.standins.iam;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every request the stand-ins receive, attributed to the role that signed it ({@link LedgerRole}). The fault fronts
 * (S3, DynamoDB, SNS), the HealthOmics emulator, the SQS and the Lambda endpoints record here as they parse a request,
 * so the ledger sees the wire, not what a client meant to send. Thread-safe. A Lambda function calls AWS with its
 * execution role's temporary credentials, whose session token travels with every signed request
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_use-resources.html): the stand-ins read the
 * role from that token.
 *
 * <p>When the system property {@value #DIRECTORY_PROPERTY} names a directory (the local module's surefire sets it to
 * {@code target/iam-ledger}), {@link #writeIfConfigured()} appends the calls to a JSON-lines file there; the infra
 * module's {@code IamLedgerCheckTest} reads them and checks each against the synthesized policies. The first write of a
 * JVM empties the directory, so it holds the ledger of the latest test run only.
 */
public final class CallLedger {

    public static final String DIRECTORY_PROPERTY = "iam.ledger.dir";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicBoolean CLEARED = new AtomicBoolean();
    private static final AtomicInteger FILES = new AtomicInteger();

    private final List<LedgerEntry> entries = new CopyOnWriteArrayList<>();

    public void record(LedgerEntry entry) {
        entries.add(entry);
    }

    public void record(String sessionToken, String service, String operation, int status, Map<String, String> details) {
        record(new LedgerEntry(LedgerRole.ofSessionToken(sessionToken).label(), service, operation, status, details));
    }

    public List<LedgerEntry> entries() {
        return List.copyOf(entries);
    }

    /** The calls one role made. */
    public List<LedgerEntry> of(LedgerRole role) {
        return entries.stream().filter(e -> e.role().equals(role.label())).toList();
    }

    public void clear() {
        entries.clear();
    }

    /**
     * Appends the calls to {@code <dir>/<source>-<n>.jsonl} when {@value #DIRECTORY_PROPERTY} is set; else nothing.
     * {@code deployment} says which stack the calls stand for ({@code single}: one workflow from DEFAULT_RUN_SETTING;
     * {@code pipelines}: a pipelines file); {@code names} are the environment's resource names (bucket, table, topic,
     * alias, queue, service role), written to {@code environment.json} so the check resolves the template to them.
     */
    public void writeIfConfigured(String source, String deployment, Map<String, String> names) {
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory == null || directory.isBlank() || entries.isEmpty()) {
            return;
        }
        Path dir = Path.of(directory);
        try {
            Files.createDirectories(dir);
            if (CLEARED.compareAndSet(false, true)) {
                try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.jsonl")) {
                    for (Path file : old) {
                        Files.delete(file);
                    }
                }
            }
            StringBuilder lines = new StringBuilder();
            for (LedgerEntry entry : entries) {
                ObjectNode line = JSON.createObjectNode();
                line.put("source", source);
                line.put("deployment", deployment);
                line.put("role", entry.role());
                line.put("service", entry.service());
                line.put("operation", entry.operation());
                line.put("status", entry.status());
                ObjectNode details = line.putObject("details");
                entry.sortedDetails().forEach(details::put);
                lines.append(JSON.writeValueAsString(line)).append('\n');
            }
            Path file = dir.resolve(safe(source) + "-" + ProcessHandle.current().pid() + "-" + FILES.incrementAndGet()
                    + ".jsonl");
            Files.writeString(file, lines, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("environment.json"), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(new java.util.TreeMap<>(names)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the IAM call ledger to " + dir, e);
        }
    }

    private static String safe(String source) {
        return source.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
