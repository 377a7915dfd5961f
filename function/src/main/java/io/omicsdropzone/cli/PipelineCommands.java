package io.omicsdropzone.cli;

import io.omicsdropzone.app.TempFileSpool;
import io.omicsdropzone.aws.AwsClients;
import io.omicsdropzone.config.ConfigException;
import io.omicsdropzone.config.PipelinesFile;
import io.omicsdropzone.domain.pipeline.Pipeline;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.domain.snapshot.Snapshots;
import io.omicsdropzone.samplesheet.GroupedSheetConverter;
import io.omicsdropzone.samplesheet.SampleSheetConverter;
import io.omicsdropzone.samplesheet.SampleSheetReport;
import io.omicsdropzone.samplesheet.SheetFormat;
import io.omicsdropzone.spool.Spool;
import io.omicsdropzone.spool.SpoolFile;
import io.omicsdropzone.validation.Preflight;
import io.omicsdropzone.validation.ProgressListener;
import io.omicsdropzone.validation.RunSettingsValidator;
import io.omicsdropzone.validation.ValidationReport;
import io.omicsdropzone.validation.ValidationSummary;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code preview} and the pipeline-aware {@code validate}: what a drop would become under a pipeline, with no AWS
 * call for a local file. The pipelines come from {@code --pipelines PATH}, else {@code PIPELINES_FILE}, else
 * {@code DEFAULT_RUN_SETTING} (the one-pipeline configuration).
 */
final class PipelineCommands {

    /**
     * Stands in for the stack's service role when none is configured: the CLI checks and converts, it never submits,
     * so the role only has to be well formed.
     */
    static final String PREVIEW_ROLE_ARN = "arn:aws:iam::000000000000:role/stack-service-role";
    /** Stands in for the stack's output location likewise: a preview starts no run, so nothing is written there. */
    static final String PREVIEW_OUTPUT_URI = "s3://stack-output-bucket/runs/";

    private final Map<String, String> environment;
    private final Properties systemProperties;
    private final PrintStream out;
    private final PrintStream err;

    PipelineCommands(Map<String, String> environment, Properties systemProperties, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.systemProperties = systemProperties;
        this.out = out;
        this.err = err;
    }

    /** Whether {@code validate} needs this class: a pipeline option, or a samplesheet. */
    static boolean handlesValidate(String[] args) {
        for (String arg : args) {
            if (arg.equals("--pipeline") || arg.equals("--pipelines") || SheetFormat.forKey(arg).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Prints the run settings (stdout) and the report and pipeline (stderr). Exit 0 valid, 1 invalid, 2 error. */
    int preview(String[] args) {
        return run("preview", args, true);
    }

    /** As {@code validate}, under a pipeline: a samplesheet is converted and checked, the JSON discarded. */
    int validate(String[] args) {
        return run("validate", args, false);
    }

    private record Options(String target, String pipeline, String pipelinesFile, boolean json, boolean preflight,
                           Path sheets) {
    }

    /** Where a preview's sheet URIs point: the drop's requestId is known only once the object is dropped. */
    static final String PREVIEW_REQUEST_ID = "REQUEST_ID";

    private int run(String command, String[] args, boolean print) {
        Options options = options(args);
        if (options == null) {
            return usage(command + " takes one FILE or s3://BUCKET/KEY, [--pipeline NAME] [--pipelines PATH]"
                    + " [--preflight]" + (print ? " [--sheets DIR]" : " [--json]"));
        }
        Pipelines pipelines;
        try {
            pipelines = pipelines(options.pipelinesFile());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return Main.USAGE;
        }
        boolean s3 = S3Uri.looksLike(options.target());
        Optional<Pipeline> chosen;
        if (options.pipeline() != null) {
            chosen = pipelines.named(options.pipeline());
            if (chosen.isEmpty()) {
                err.println("no pipeline named '" + options.pipeline() + "'; known: "
                        + String.join(", ", pipelines.all().stream().map(Pipeline::name).toList()));
                return Main.USAGE;
            }
        } else if (s3) {
            chosen = pipelines.route(S3Uri.parse(options.target()).key());
            if (chosen.isEmpty()) {
                err.println("the key is under no pipeline's prefix (" + String.join(", ", pipelines.prefixes())
                        + "); a drop there would be REJECTED");
                return Main.FAILED;
            }
        } else if (pipelines.all().size() == 1) {
            chosen = Optional.of(pipelines.all().get(0));
        } else {
            return usage(command + " of a local file needs --pipeline NAME (one of "
                    + String.join(", ", pipelines.all().stream().map(Pipeline::name).toList()) + ")");
        }
        Pipeline pipeline = chosen.orElseThrow();
        Optional<SheetFormat> format = SheetFormat.forKey(options.target());
        if (format.isPresent() && pipeline.samplesheet().isEmpty()) {
            err.println("pipeline '" + pipeline.name() + "' takes no samplesheets (it has no samplesheet template)");
            return Main.USAGE;
        }
        err.println("pipeline " + pipeline.name() + " (keyPrefix " + (pipeline.keyPrefix().isEmpty() ? "<any>"
                : pipeline.keyPrefix()) + "), defaultRunSetting " + pipeline.defaultRunSetting().json());
        PreflightOption preflight = null;
        try (Source source = open(options.target())) {
            // The pipeline's workflow, with the caller's credentials: as the submit function checks a drop under it.
            preflight = options.preflight()
                    ? PreflightOption.prepare(environment, systemProperties, err, pipeline.defaultRunSetting(),
                    pipeline.checkInputs()) : null;
            Preflight checks = preflight == null ? Preflight.NONE : preflight.checks();
            OutputStream settings = print ? new BufferedOutputStream(out, 1 << 16) : OutputStream.nullOutputStream();
            boolean valid;
            String report;
            if (format.isPresent() && pipeline.samplesheet().orElseThrow().runs().grouped()) {
                SampleSheetReport sheet = grouped(options, pipeline, format.get(), source.in(), checks, settings);
                valid = sheet.valid();
                report = options.json() ? sheet.json() : options.target() + ": " + sheet.text();
            } else if (format.isPresent()) {
                SampleSheetReport sheet = new SampleSheetConverter().convert(source.in(), format.get(),
                        pipeline.samplesheet().orElseThrow(), settings, ProgressListener.NONE, checks);
                valid = sheet.valid();
                report = options.json() ? sheet.json() : options.target() + ": " + sheet.text();
            } else {
                InputStream in = print ? new CopyingStream(source.in(), settings) : source.in();
                ValidationReport json = new RunSettingsValidator().validate(in, source.size(), ProgressListener.NONE,
                        checks);
                valid = json.valid();
                report = options.json() ? ValidationSummary.json(json, Integer.MAX_VALUE)
                        : options.target() + ": " + ValidationSummary.text(json, Integer.MAX_VALUE);
            }
            settings.flush();
            if (print) {
                out.println();
                err.println(report);
            } else {
                out.println(report);
            }
            return valid ? Main.OK : Main.FAILED;
        } catch (NoSuchFileException e) {
            err.println("no such file: " + options.target());
            return Main.USAGE;
        } catch (IOException | UncheckedIOException | SdkException | IllegalArgumentException e) {
            err.println("cannot read " + options.target() + ": " + e.getMessage());
            return Main.USAGE;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return Main.USAGE;
        } catch (RuntimeException e) {
            err.println("pre-flight failed: " + e);
            return Main.FAILED;
        } finally {
            if (preflight != null) {
                preflight.close();
            }
        }
    }

    /**
     * A per-sample or whole sheet: the run settings as a drop would get them (its sheets' URIs under
     * {@code <SNAPSHOT_PREFIX>REQUEST_ID/}) and, with {@code --sheets DIR}, the sheets each run would read.
     */
    private SampleSheetReport grouped(Options options, Pipeline pipeline, SheetFormat format, InputStream in,
                                      Preflight checks, OutputStream settings) throws IOException {
        String target = options.target();
        String file = target.substring(target.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        String bucket = S3Uri.looksLike(target) ? S3Uri.parse(target).bucket() : "BUCKET";
        String prefix = environment.getOrDefault("SNAPSHOT_PREFIX", Snapshots.DEFAULT_PREFIX);
        GroupedSheetConverter.Locations where = new GroupedSheetConverter.Locations(bucket,
                prefix + PREVIEW_REQUEST_ID + "/", file.substring(0, dot), file.substring(dot));
        Spool spool = new TempFileSpool();
        try (SpoolFile json = spool.create("omics-dropzone-preview", ".json");
             GroupedSheetConverter.Result result = new GroupedSheetConverter(spool).convert(in, format,
                     pipeline.samplesheet().orElseThrow(), checks, where, json, ProgressListener.NONE)) {
            try (InputStream generated = json.input()) {
                generated.transferTo(settings);
            }
            if (options.sheets() != null && result.report().valid()) {
                Files.createDirectories(options.sheets());
                for (GroupedSheetConverter.SheetFile sheet : result.sheets()) {
                    Path out = options.sheets().resolve(sheet.key().substring(sheet.key().lastIndexOf('/') + 1));
                    if (sheet.content() != null) {
                        try (InputStream content = sheet.content().open()) {
                            Files.copy(content, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                    } else if (!S3Uri.looksLike(target)) {
                        Files.copy(Path.of(target), out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                err.println(result.runCount() + " sheet" + (result.runCount() == 1 ? "" : "s") + " written to "
                        + options.sheets());
            }
            return result.report();
        }
    }

    private Pipelines pipelines(String file) {
        Map<String, String> settings = new HashMap<>(environment);
        if (file != null) {
            settings.put(PipelinesFile.PIPELINES_FILE, file);
        }
        settings.putIfAbsent(PipelinesFile.SERVICE_ROLE_ARN, PREVIEW_ROLE_ARN);
        settings.putIfAbsent(PipelinesFile.OUTPUT_URI, PREVIEW_OUTPUT_URI);
        return PipelinesFile.fromEnvironment(settings);
    }

    private static Options options(String[] args) {
        List<String> targets = new ArrayList<>();
        String pipeline = null;
        String file = null;
        boolean json = false;
        boolean preflight = false;
        Path sheets = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pipeline" -> {
                    if (++i == args.length) {
                        return null;
                    }
                    pipeline = args[i];
                }
                case "--pipelines" -> {
                    if (++i == args.length) {
                        return null;
                    }
                    file = args[i];
                }
                case "--sheets" -> {
                    if (++i == args.length) {
                        return null;
                    }
                    sheets = Path.of(args[i]);
                }
                case "--json" -> json = true;
                case PreflightOption.FLAG -> preflight = true;
                default -> targets.add(args[i]);
            }
        }
        return targets.size() == 1 ? new Options(targets.get(0), pipeline, file, json, preflight, sheets) : null;
    }

    /** A local file or an S3 object (read with If-Match on the ETag HeadObject saw). */
    private interface Source extends AutoCloseable {
        InputStream in();

        long size();

        @Override
        void close() throws IOException;
    }

    private Source open(String target) throws IOException {
        if (!S3Uri.looksLike(target)) {
            Path file = Path.of(target);
            InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            long size = Files.size(file);
            return new Source() {
                public InputStream in() {
                    return in;
                }

                public long size() {
                    return size;
                }

                public void close() throws IOException {
                    in.close();
                }
            };
        }
        S3Uri uri = S3Uri.parse(target);
        AwsClients clients = AwsClients.fromStandardChain(environment, systemProperties);
        var head = clients.s3().headObject(b -> b.bucket(uri.bucket()).key(uri.key()));
        InputStream in = clients.s3().getObject(b -> b.bucket(uri.bucket()).key(uri.key()).ifMatch(head.eTag()));
        return new Source() {
            public InputStream in() {
                return in;
            }

            public long size() {
                return head.contentLength();
            }

            public void close() throws IOException {
                try (clients) {
                    in.close();
                }
            }
        };
    }

    /** A JSON drop is its own run settings: preview copies what the validator reads. */
    private static final class CopyingStream extends java.io.FilterInputStream {
        private final OutputStream copy;

        CopyingStream(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                copy.write(buffer, offset, n);
            }
            return n;
        }
    }

    private int usage(String problem) {
        err.println(problem);
        err.print(Main.USAGE_TEXT);
        return Main.USAGE;
    }
}
