package io.omicsdropzone.cli;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.config.ConfigException;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.json.JsonWriter;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code drop FILE s3://BUCKET/KEY [--wait submitted|ended] [--timeout DURATION]}: uploads a file into the dropzone
 * and follows the drop it starts, for lab scripts that must know in the same step whether the file was accepted and
 * how its batch ended. The requestId is the one the submit function derives from the uploaded object
 * ({@link DroppedObject#requestId()}: bucket, key and the ETag S3 answered), so no lookup by key is needed.
 * Progress goes to stderr, the outcome to stdout. Exit: 0 submitted (or, with {@code --wait ended}, batch PROCESSED),
 * 1 rejected, failed, or batch FAILED / CANCELLED, 2 usage or configuration, 3 timed out.
 */
final class DropCommand {

    static final Duration DEFAULT_TIMEOUT_SUBMITTED = Duration.ofMinutes(15);
    static final Duration DEFAULT_TIMEOUT_ENDED = Duration.ofHours(24);
    static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)(|KiB|MiB|GiB)");

    private final Map<String, String> environment;
    private final Properties systemProperties;
    private final PrintStream out;
    private final PrintStream err;

    DropCommand(Map<String, String> environment, Properties systemProperties, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.systemProperties = systemProperties;
        this.out = out;
        this.err = err;
    }

    /** The parsed command line. */
    record Options(Path file, S3Uri target, DropFollower.Wait waitFor, Duration timeout, Duration poll,
                   long multipartThreshold, boolean json) {
    }

    int run(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(Main.USAGE_TEXT);
            return Main.USAGE;
        }
        if (!Files.isRegularFile(options.file())) {
            err.println("no such file: " + options.file());
            return Main.USAGE;
        }
        Dropzone dropzone;
        try {
            dropzone = Dropzone.forTracking(environment, systemProperties);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return Main.USAGE;
        }
        try {
            return dropAndFollow(dropzone, options);
        } catch (IOException | SdkException e) {
            err.println("upload failed: " + e.getMessage());
            return Main.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return Main.TIMED_OUT;
        } finally {
            dropzone.clients().close();
        }
    }

    private int dropAndFollow(Dropzone dropzone, Options options) throws IOException, InterruptedException {
        Instant started = Instant.now();
        String bucket = options.target().bucket();
        String key = options.target().key();
        long size = Files.size(options.file());
        err.println("uploading " + options.file() + " (" + size + " bytes) to " + "s3://" + bucket + "/" + key
                + (size > options.multipartThreshold() ? " in parts of " + options.multipartThreshold() + " bytes" : ""));
        DropUpload.Uploaded uploaded = new DropUpload(dropzone.clients().s3(), options.multipartThreshold())
                .upload(options.file(), bucket, key, sent -> { });
        // The submit function's own derivation, from what S3 answered: the same requestId on both sides.
        String requestId = new DroppedObject(bucket, key, uploaded.eTag(), uploaded.size(), uploaded.versionId(), null)
                .requestId();
        err.println("uploaded: ETag " + uploaded.eTag() + ", CRC32 " + uploaded.crc32() + " checked by S3, "
                + uploaded.parts() + " part(s); requestId " + requestId);
        Instant deadline = Instant.now().plus(options.timeout());
        DropFollower follower = new DropFollower(dropzone.drops()::find, DropFollower.HOLDER_OF_CONTENT,
                (rejected, since) -> linkedReupload(dropzone, rejected, since), err, Clock.systemUTC(),
                duration -> Thread.sleep(Math.max(1, duration.toMillis())), options.poll());
        DropFollower.Outcome outcome = follower.follow(requestId, options.waitFor(), deadline, started);
        int exit = exitCode(outcome, options.waitFor());
        if (options.json()) {
            out.println(JsonWriter.write(json(outcome, requestId, bucket, key, exit)));
        } else {
            printText(outcome, requestId, bucket, key, options);
        }
        return exit;
    }

    /**
     * The drop made for this identical re-upload of a REJECTED drop. Its requestId includes the S3 event's sequencer,
     * which the uploader cannot know, so it is found by {@code reuploadOf}: a scan, done only in this rare case.
     */
    private static Optional<String> linkedReupload(Dropzone dropzone, String rejected, Instant since) {
        return dropzone.drops().listAll().stream()
                .filter(drop -> rejected.equals(drop.content().reuploadOf()))
                .filter(drop -> drop.createdAt() != null && !drop.createdAt().isBefore(since))
                .map(Drop::requestId).findFirst();
    }

    static int exitCode(DropFollower.Outcome outcome, DropFollower.Wait wait) {
        if (outcome.timedOut()) {
            return Main.TIMED_OUT;
        }
        Drop drop = outcome.drop();
        if (drop.status() != DropStatus.SUBMITTED) {
            return Main.FAILED;
        }
        return wait == DropFollower.Wait.SUBMITTED || "PROCESSED".equals(drop.batchStatus()) ? Main.OK : Main.FAILED;
    }

    private void printText(DropFollower.Outcome outcome, String requestId, String bucket, String key, Options options) {
        Drop drop = outcome.drop();
        out.printf("%-12s %s%n", "file", "s3://" + bucket + "/" + key);
        out.printf("%-12s %s%n", "requestId", requestId);
        if (outcome.timedOut()) {
            out.printf("%-12s %s%n", "outcome", "TIMED OUT after " + options.timeout() + " waiting for "
                    + options.waitFor().name().toLowerCase() + "; last seen: "
                    + (drop == null ? "no drop yet (is the upload prefix one the dropzone watches?)"
                    : DropFollower.describe(drop)));
            return;
        }
        out.printf("%-12s %s%n", "outcome", DropFollower.describe(drop));
        if (outcome.duplicate()) {
            out.printf("%-12s %s%n", "duplicate", "identical content, first dropped " + drop.createdAt()
                    + " as requestId " + drop.requestId() + "; this is that drop's outcome");
        }
        if (drop.parametersNotChecked() != null) {
            out.printf("%-12s %s%n", "parameters", "not checked: " + drop.parametersNotChecked());
        }
        if (!drop.errors().isEmpty()) {
            out.printf("%-12s %d%n", "errors", drop.errorCount());
            drop.errors().forEach(error -> out.println("  " + error));
            if (drop.errorCount() > drop.errors().size()) {
                out.println("  ... " + (drop.errorCount() - drop.errors().size())
                        + " more: validate the file locally with `validate FILE --preflight`");
            }
        }
    }

    private static Map<String, Object> json(DropFollower.Outcome outcome, String requestId, String bucket, String key,
                                            int exit) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("requestId", requestId);
        line.put("file", "s3://" + bucket + "/" + key);
        line.put("timedOut", outcome.timedOut());
        line.put("duplicate", outcome.duplicate());
        line.put("exitCode", exit);
        Drop drop = outcome.drop();
        if (drop != null) {
            line.put("status", drop.status().name());
            line.put("batchId", drop.batchId());
            line.put("batchStatus", drop.batchStatus());
            line.put("runCount", drop.runCount());
            line.put("counts", drop.progress().counts());
            line.put("errorCount", drop.errorCount());
            line.put("errors", drop.errors());
        }
        return line;
    }

    static Options parse(String[] args) {
        List<String> positional = new ArrayList<>();
        DropFollower.Wait wait = DropFollower.Wait.SUBMITTED;
        Duration timeout = null;
        Duration poll = DEFAULT_POLL;
        long threshold = DropUpload.DEFAULT_THRESHOLD;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--wait" -> wait = DropFollower.Wait.parse(value(args, ++i, arg));
                case "--timeout" -> timeout = duration(value(args, ++i, arg));
                case "--poll" -> poll = duration(value(args, ++i, arg));
                case "--multipart-threshold" -> threshold = size(value(args, ++i, arg));
                case "--json" -> json = true;
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("drop: unknown option " + arg);
                    }
                    positional.add(arg);
                }
            }
        }
        if (positional.size() != 2 || !S3Uri.looksLike(positional.get(1))) {
            throw new IllegalArgumentException("drop takes FILE s3://BUCKET/KEY [--wait submitted|ended] "
                    + "[--timeout DURATION]");
        }
        if (threshold < DropUpload.MIN_PART) {
            throw new IllegalArgumentException("--multipart-threshold is at least 5MiB (S3's smallest part)");
        }
        if (timeout == null) {
            timeout = wait == DropFollower.Wait.SUBMITTED ? DEFAULT_TIMEOUT_SUBMITTED : DEFAULT_TIMEOUT_ENDED;
        }
        return new Options(Path.of(positional.get(0)), S3Uri.parse(positional.get(1)), wait, timeout, poll, threshold,
                json);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /** {@code 90s}, {@code 10m}, {@code 2h}, {@code 500ms}, or ISO-8601 ({@code PT10M}). */
    static Duration duration(String text) {
        Matcher matcher = SHORT_DURATION.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            Duration parsed = Duration.parse(text);
            if (parsed.isNegative()) {
                throw new IllegalArgumentException("a duration must not be negative: " + text);
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration (90s, 10m, 2h or PT10M): " + text);
        }
    }

    /** Bytes, or with a KiB / MiB / GiB suffix. */
    static long size(String text) {
        Matcher matcher = SIZE.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a size (bytes, or 16MiB): " + text);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "KiB" -> amount * 1024;
            case "MiB" -> amount * 1024 * 1024;
            case "GiB" -> amount * 1024 * 1024 * 1024;
            default -> amount;
        };
    }
}
