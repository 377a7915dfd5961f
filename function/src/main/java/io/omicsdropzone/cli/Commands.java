package io.omicsdropzone.cli;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.aws.AwsClients;
import io.omicsdropzone.config.ConfigException;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.submission.RunSettingsStore.StoredObject;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.handler.S3DropHandler;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.json.JsonWriter;
import io.omicsdropzone.validation.Preflight;
import io.omicsdropzone.validation.ProgressListener;
import io.omicsdropzone.validation.RunSettingsValidator;
import io.omicsdropzone.validation.ValidationReport;
import io.omicsdropzone.validation.ValidationSummary;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The CLI's commands; each returns its exit code. */
final class Commands {

    private final Map<String, String> environment;
    private final Properties systemProperties;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;

    /** @param interactive whether a person watches (a progress line is shown on stderr for long validations) */
    Commands(Map<String, String> environment, Properties systemProperties, PrintStream out, PrintStream err,
             boolean interactive) {
        this.environment = environment;
        this.systemProperties = systemProperties;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    int handle(String[] args) {
        if (args.length != 1) {
            return usage("handle takes one EVENT.json file");
        }
        String eventJson;
        try {
            eventJson = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("cannot read " + args[0] + ": " + e.getMessage());
            return Main.USAGE;
        }
        List<DroppedObject> objects;
        try {
            objects = io.omicsdropzone.handler.S3Records.droppedObjects(S3EventJson.parse(eventJson));
        } catch (JsonReader.JsonFormatException | IllegalArgumentException e) {
            err.println("not an S3 event: " + e.getMessage());
            return Main.USAGE;
        }
        return process(objects);
    }

    int submit(String[] args) {
        if (args.length != 1 || !S3Uri.looksLike(args[0])) {
            return usage("submit takes one s3://BUCKET/KEY");
        }
        S3Uri uri = S3Uri.parse(args[0]);
        Dropzone dropzone;
        try {
            dropzone = Dropzone.fromEnvironment(environment, systemProperties);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return Main.USAGE;
        }
        StoredObject current = dropzone.store().head(uri.bucket(), uri.key()).orElse(null);
        if (current == null) {
            err.println("no such object: " + args[0]);
            return Main.USAGE;
        }
        return process(dropzone, List.of(new DroppedObject(uri.bucket(), uri.key(), current.etag(), current.size(),
                null, null)));
    }

    private int process(List<DroppedObject> objects) {
        Dropzone dropzone;
        try {
            dropzone = Dropzone.fromEnvironment(environment, systemProperties);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return Main.USAGE;
        }
        return process(dropzone, objects);
    }

    private int process(Dropzone dropzone, List<DroppedObject> objects) {
        if (objects.isEmpty()) {
            out.println("{\"records\":0}");
            return Main.OK;
        }
        try {
            // The CLI has no Lambda deadline; waiting for another invocation is bounded by the lease.
            List<DropResult> results = S3DropHandler.handle(objects, dropzone.submitDrop(),
                    Instant.now().plus(Dropzone.LEASE));
            results.forEach(result -> out.println(JsonWriter.write(describe(result))));
            return Main.OK;
        } catch (RuntimeException e) {
            err.println("failed (the Lambda would throw and be retried): " + e);
            for (Throwable suppressed : e.getSuppressed()) {
                err.println("  also: " + suppressed);
            }
            return Main.FAILED;
        } finally {
            dropzone.clients().close();
        }
    }

    private static Map<String, Object> describe(DropResult result) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("action", result.action().name());
        Drop drop = result.drop();
        if (drop != null) {
            line.put("requestId", drop.requestId());
            line.put("status", drop.status().name());
            line.put("key", drop.object().key());
            line.put("runCount", drop.runCount());
            if (drop.batchId() != null) {
                line.put("batchId", drop.batchId());
                line.put("batchArn", drop.batchArn());
                line.put("batchStatus", drop.batchStatus());
            }
            if (!drop.errors().isEmpty()) {
                line.put("errorCount", drop.errorCount());
                line.put("errors", drop.errors());
            }
        }
        return line;
    }

    int validate(String[] args) {
        boolean json = List.of(args).contains("--json");
        boolean preflight = List.of(args).contains(PreflightOption.FLAG);
        List<String> targets = List.of(args).stream()
                .filter(arg -> !arg.equals("--json") && !arg.equals(PreflightOption.FLAG)).toList();
        if (targets.size() != 1) {
            return usage("validate takes one FILE or s3://BUCKET/KEY, optionally --json and --preflight");
        }
        if (preflight) {
            try (PreflightOption option = PreflightOption.prepare(environment, systemProperties, err)) {
                return validate(targets.get(0), json, option.checks());
            } catch (ConfigException e) {
                err.println(e.getMessage());
                return Main.USAGE;
            } catch (RuntimeException e) {
                err.println("pre-flight failed: " + e);
                return Main.FAILED;
            }
        }
        return validate(targets.get(0), json, Preflight.NONE);
    }

    private int validate(String target, boolean json, Preflight preflight) {
        ValidationReport report;
        ProgressLine progress = new ProgressLine(err);
        ProgressListener listener = interactive ? progress : ProgressListener.NONE;
        try {
            report = S3Uri.looksLike(target) ? validateS3(S3Uri.parse(target), listener, preflight)
                    : validateFile(Path.of(target), listener, preflight);
            progress.finish();
        } catch (NoSuchFileException e) {
            err.println("no such file: " + target);
            return Main.USAGE;
        } catch (IOException | UncheckedIOException | SdkException | IllegalArgumentException e) {
            err.println("cannot read " + target + ": " + e.getMessage());
            return Main.USAGE;
        }
        // No byte budget on a terminal: every kept error is shown.
        out.println(json ? ValidationSummary.json(report, Integer.MAX_VALUE)
                : target + ": " + ValidationSummary.text(report, Integer.MAX_VALUE));
        return report.valid() ? Main.OK : Main.FAILED;
    }

    private ValidationReport validateFile(Path file, ProgressListener listener, Preflight preflight)
            throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new RunSettingsValidator().validate(in, Files.size(file), listener, preflight);
        }
    }

    private ValidationReport validateS3(S3Uri uri, ProgressListener listener, Preflight preflight)
            throws IOException {
        try (AwsClients clients = AwsClients.fromStandardChain(environment, systemProperties)) {
            var head = clients.s3().headObject(b -> b.bucket(uri.bucket()).key(uri.key()));
            try (InputStream in = clients.s3().getObject(b -> b.bucket(uri.bucket()).key(uri.key()).ifMatch(head.eTag()))) {
                return new RunSettingsValidator().validate(in, head.contentLength(), listener, preflight);
            }
        }
    }

    private int usage(String problem) {
        err.println(problem);
        err.print(Main.USAGE_TEXT);
        return Main.USAGE;
    }
}
