package io.omicsdropzone.bench;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omicsdropzone.validation.RunSettingsValidator;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link CandidateProcess} in a fresh JVM with a chosen heap limit and reads its result line.
 *
 * <p>The class path is assembled from where the needed classes were loaded, not from {@code java.class.path}: under
 * {@code exec:java} the project's classes live in a plugin class loader and that property names Maven's own jars.
 */
final class ChildJvm {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLASS_PATH = classPath();

    private ChildJvm() {
    }

    /**
     * @param jvmOptions e.g. {@code -Xmx128m}
     * @return the child's result; {@code outcome} is {@code ok}, {@code OutOfMemoryError}, or {@code timeout}
     */
    static JsonNode run(Candidate candidate, Path file, List<String> jvmOptions, long warmupMillis, int repetitions,
                        long minRepetitionMillis, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp", CLASS_PATH,
                CandidateProcess.class.getName(),
                candidate.name(), file.toString(), String.valueOf(warmupMillis), String.valueOf(repetitions),
                String.valueOf(minRepetitionMillis)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return JSON.createObjectNode().put("candidate", candidate.name()).put("outcome", "timeout");
        }
        String text = output.join();
        for (String line : text.split("\n")) {
            if (line.startsWith(CandidateProcess.RESULT_PREFIX)) {
                return JSON.readTree(line.substring(CandidateProcess.RESULT_PREFIX.length()));
            }
        }
        // No result line: an error outside the measured code (or an OOM while reporting); show what it said.
        if (text.contains("OutOfMemoryError")) {
            return JSON.createObjectNode().put("candidate", candidate.name()).put("outcome", "OutOfMemoryError");
        }
        throw new IOException("child JVM for " + candidate + " exited " + process.exitValue() + " without a result:\n"
                + text.substring(Math.max(0, text.length() - 4000)));
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read child output: " + e.getMessage() + ")";
        }
    }

    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> anchor : List.of(ChildJvm.class, RunSettingsValidator.class, JsonFactory.class,
                ObjectMapper.class, JsonAutoDetect.class, de.siegmar.fastcsv.reader.CsvReader.class,
                com.networknt.schema.SchemaRegistry.class, com.ethlo.time.ITU.class, org.slf4j.LoggerFactory.class)) {
            try {
                entries.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot locate " + anchor, e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
