package io.omicsdropzone.cli;

import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.local.LiveDropzone;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code drop} from the artifact, configured only by environment variables, against stand-ins that behave like a
 * deployed dropzone ({@link LiveDropzone}): the upload alone starts the drop, as in an account.
 */
class DropCommandTest extends StandInsTestBase {

    private static final String VALID = FunctionJarTest.VALID;
    private static final Pattern REQUEST_ID = Pattern.compile("requestId ([0-9a-f]{64})");
    private static LiveDropzone live;

    @BeforeAll
    static void deployed() {
        live = LiveDropzone.start(env, new LiveDropzone.Settings(Duration.ofMillis(100), Duration.ofMinutes(10), false),
                null);
    }

    @AfterAll
    static void undeploy() {
        live.close();
    }

    private static FunctionJarTest.Result drop(Path file, String target, String... options) throws Exception {
        String[] args = new String[3 + options.length + 2];
        args[0] = "drop";
        args[1] = file.toString();
        args[2] = target;
        System.arraycopy(options, 0, args, 3, options.length);
        args[args.length - 2] = "--poll";
        args[args.length - 1] = "200ms";
        return FunctionJarTest.run(env.environment(), args);
    }

    /** The requestId the submit function derives from the stored object (bucket, key, ETag). */
    private static String storedRequestId(String key) {
        HeadObjectResponse head = env.clients().s3().headObject(b -> b.bucket(LocalEnvironment.BUCKET).key(key));
        return new DroppedObject(LocalEnvironment.BUCKET, key, head.eTag(), head.contentLength(), null, null)
                .requestId();
    }

    @Test
    void a_valid_file_is_uploaded_submitted_and_followed_to_its_processed_batch(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("run.json"), VALID);

        FunctionJarTest.Result result = drop(file, "s3://dropzone-input/incoming/drop-cli/run.json", "--wait", "ended");

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).containsPattern("outcome +SUBMITTED, batch \\d+ PROCESSED \\(2 of 2 runs completed");
        Matcher requestId = REQUEST_ID.matcher(result.err());
        assertThat(requestId.find()).as(result.err()).isTrue();
        assertThat(requestId.group(1)).isEqualTo(storedRequestId("incoming/drop-cli/run.json"));
        assertThat(result.err()).contains("uploaded: ETag").contains("CRC32").contains("SUBMITTED, batch");
    }

    @Test
    void a_rejected_file_exits_1_with_its_positioned_errors(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), "[{\"runSettingId\":\"a\",\"priority\":\"high\"}]");

        FunctionJarTest.Result result = drop(file, "s3://dropzone-input/incoming/drop-cli/bad.json");

        assertThat(result.exit()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.out()).containsPattern("outcome +REJECTED")
                .contains("/0/priority: priority must be an integer, found a string ('high') [line 1, column 33]");
    }

    @Test
    void above_the_threshold_the_upload_is_multipart_with_a_full_object_crc32(@TempDir Path dir) throws Exception {
        // 6 MiB of JSON (whitespace padding): two parts of a 5 MiB threshold.
        Path file = Files.writeString(dir.resolve("big.json"), "[" + " ".repeat(6 * 1024 * 1024) + VALID.substring(1));

        FunctionJarTest.Result result = drop(file, "s3://dropzone-input/incoming/drop-cli/big.json",
                "--multipart-threshold", "5MiB");

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.err()).contains("2 part(s)");
        HeadObjectResponse head = env.clients().s3().headObject(b -> b.bucket(LocalEnvironment.BUCKET)
                .key("incoming/drop-cli/big.json").checksumMode(ChecksumMode.ENABLED));
        assertThat(head.eTag()).endsWith("-2\"");
        assertThat(head.checksumCRC32()).isEqualTo(DropUpload.crc32(file));
    }

    @Test
    void a_drop_that_nothing_picks_up_times_out_with_exit_3(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("run.json"), VALID);

        // Outside the upload prefix: S3 stores it, no notification fires.
        FunctionJarTest.Result result = drop(file, "s3://dropzone-input/elsewhere/run.json", "--timeout", "2s");

        assertThat(result.exit()).as(result.out() + result.err()).isEqualTo(3);
        assertThat(result.out()).contains("TIMED OUT after PT2S waiting for submitted; last seen: no drop yet");
    }

    @Test
    void identical_content_dropped_again_reports_the_first_drop(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("again.json"), VALID.replace("s1", "again-1"));
        FunctionJarTest.Result first = drop(file, "s3://dropzone-input/incoming/drop-cli/again.json");

        FunctionJarTest.Result second = drop(file, "s3://dropzone-input/incoming/drop-cli/again.json");

        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.err()).contains("identical content was already dropped at");
        assertThat(second.out()).containsPattern("duplicate +identical content, first dropped");
        Matcher firstId = REQUEST_ID.matcher(first.err());
        Matcher secondId = REQUEST_ID.matcher(second.err());
        assertThat(firstId.find() && secondId.find()).isTrue();
        assertThat(secondId.group(1)).isEqualTo(firstId.group(1));
    }
}
