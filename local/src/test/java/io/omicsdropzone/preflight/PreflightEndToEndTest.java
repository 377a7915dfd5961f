package io.omicsdropzone.preflight;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.config.Config;
import io.omicsdropzone.config.PreflightSettings;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import io.omicsdropzone.local.standins.OmicsBatchEmulator;
import io.omicsdropzone.local.standins.faults.FaultFront;
import io.omicsdropzone.local.standins.faults.FaultRule;
import io.omicsdropzone.local.standins.faults.FrontRequest;
import io.omicsdropzone.local.standins.faults.ServiceError;
import io.omicsdropzone.local.standins.iam.LedgerRole;
import io.omicsdropzone.validation.InputChecksIncompleteException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pre-flight against the stand-ins: the HealthOmics emulator answers GetWorkflow / GetWorkflowVersion with the
 * registered workflows, and the S3 stand-in (through its fault front) answers the input checks. Each test drops one
 * file and asserts the recorded outcome, what reached StartRunBatch, and the requests S3 received.
 */
class PreflightEndToEndTest extends StandInsTestBase {

    static final String WORKFLOW = "7000001";
    static final String INACTIVE_WORKFLOW = "7000002";
    static final String READY2RUN_WORKFLOW = "7000003";
    static final String NO_TEMPLATE_WORKFLOW = "7000004";
    static final String INPUTS = "lab-raw";

    private static FaultFront s3;
    private int drops;

    @BeforeAll
    static void registerWorkflowsAndInputs() {
        Map<String, Boolean> template = new LinkedHashMap<>();
        template.put("sample_id", false);
        template.put("fastq_1", false);
        template.put("fastq_2", true);
        template.put("genome", false);
        template.put("reads", true);
        omics.putWorkflow(WORKFLOW, "ACTIVE", "PRIVATE", null, template);
        omics.putWorkflowVersion(WORKFLOW, "v2", "ACTIVE", Map.of("sample_id", false));
        omics.putWorkflow(INACTIVE_WORKFLOW, "INACTIVE", "PRIVATE", "deactivated by its owner", template);
        omics.putWorkflow(READY2RUN_WORKFLOW, "ACTIVE", "READY2RUN", null, template);
        omics.putWorkflow(NO_TEMPLATE_WORKFLOW, "ACTIVE", "PRIVATE", null, null);
        env.createInput("s3://" + INPUTS + "/run42/S0_R1.fastq.gz");
        env.createInput("s3://" + INPUTS + "/run42/S0_R2.fastq.gz");
        env.createInput("s3://" + INPUTS + "/run42/S1_R1.fastq.gz");
        env.createInput("s3://" + INPUTS + "/run42/lanes/L001.fastq.gz");
        s3 = env.standIns().s3Faults();
    }

    @BeforeEach
    void reset() {
        omics.reset();
        sns.clear();
    }

    @AfterEach
    void clearFaults() {
        env.standIns().resetFaults();
    }

    @Test
    void a_missing_required_parameter_rejects_the_file_at_its_entry() {
        Drop drop = handle(dropzone(WORKFLOW, null, true), """
                [{"runSettingId": "S0", "parameters": {"sample_id": "S0", "fastq_1": "s3://lab-raw/run42/S0_R1.fastq.gz"}},
                 {"runSettingId": "S1", "parameters": {"fastq_1": "s3://lab-raw/run42/S1_R1.fastq.gz"}}]""");

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).containsExactly(
                "entry 1 (runSettingId S1) /1/parameters: missing required parameter 'sample_id' of workflow 7000001"
                        + " [line 2, column 39]");
        assertThat(omics.count(OmicsBatchEmulator.START_RUN_BATCH)).isZero();
    }

    @Test
    void an_unknown_parameter_is_reported_with_the_known_name_it_resembles() {
        Drop drop = handle(dropzone(WORKFLOW, null, true), """
                [{"runSettingId": "S0", "parameters": {"sample_id": "S0", "fastq1": "s3://lab-raw/run42/S0_R1.fastq.gz",
                  "fastq_1": "s3://lab-raw/run42/S0_R1.fastq.gz", "colour": "red"}}]""");

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).containsExactly(
                "entry 0 (runSettingId S0) /0/parameters/fastq1: unknown parameter 'fastq1'; did you mean 'fastq_1'?"
                        + " [line 1, column 59]",
                "entry 0 (runSettingId S0) /0/parameters/colour: unknown parameter 'colour'; workflow 7000001 has no"
                        + " such parameter [line 2, column 51]");
    }

    @Test
    void an_inactive_workflow_rejects_the_file_before_any_run_is_started() {
        Drop drop = handle(dropzone(INACTIVE_WORKFLOW, null, true), """
                [{"runSettingId": "S0", "parameters": {"sample_id": "S0", "fastq_1": "s3://lab-raw/run42/S0_R1.fastq.gz"}}]""");

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).containsExactly("/: workflow 7000002 is INACTIVE (deactivated by its owner);"
                + " HealthOmics starts runs only for ACTIVE workflows");
        assertThat(omics.count(OmicsBatchEmulator.START_RUN_BATCH)).isZero();
    }

    @Test
    void a_ready2run_workflow_is_not_usable_in_a_batch() {
        Drop drop = handle(dropzone(READY2RUN_WORKFLOW, null, true), """
                [{"runSettingId": "S0", "parameters": {"sample_id": "S0", "fastq_1": "s3://lab-raw/run42/S0_R1.fastq.gz"}}]""");

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).containsExactly("/: workflow 7000003 is a Ready2Run workflow; run batches do not"
                + " support Ready2Run workflows");
    }

    @Test
    void a_missing_input_object_is_an_error_at_its_position() {
        Drop drop = handle(dropzone(WORKFLOW, null, true), """
                [{"runSettingId": "S0", "parameters": {"sample_id": "S0", "fastq_1": "s3://lab-raw/run42/S0_R1.fastq.gz",
                  "fastq_2": "s3://lab-raw/run42/S0_R2.fastq.gz"}},
                 {"runSettingId": "S17", "parameters": {"sample_id": "S17", "fastq_1": "s3://lab-raw/run42/S1_R1.fastq.gz",
                  "fastq_2": "s3://lab-raw/run42/S17_R2.fastq.gz"}}]""");

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).containsExactly("entry 1 (runSettingId S17) /1/parameters/fastq_2:"
                + " s3://lab-raw/run42/S17_R2.fastq.gz does not exist [line 4, column 14]");
        assertThat(omics.count(OmicsBatchEmulator.START_RUN_BATCH)).isZero();
    }

    @Test
    void inputs_nested_in_arrays_and_objects_are_checked_and_a_prefix_needs_something_under_it() {
        Drop drop = handle(dropzone(WORKFLOW, null, true), """
                [{"runSettingId": "S0", "parameters": {"sample_id": "S0", "fastq_1": "s3://lab-raw/run42/S0_R1.fastq.gz",
                  "reads": {"lanes": ["s3://lab-raw/run42/lanes/", "s3://lab-raw/run42/empty/",
                                      {"index": "s3://lab-raw/run42/index.bai"}]}}}]""");

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).containsExactlyInAnyOrder(
                "entry 0 (runSettingId S0) /0/parameters/reads/lanes/1: nothing exists under the prefix"
                        + " 's3://lab-raw/run42/empty/' [line 2, column 52]",
                "entry 0 (runSettingId S0) /0/parameters/reads/lanes/2/index:"
                        + " s3://lab-raw/run42/index.bai does not exist [line 3, column 33]");
    }

    @Test
    void an_input_denied_to_the_function_says_the_runs_would_be_denied_too() {
        s3.denyKey("run42/S0_R2.fastq.gz");

        Drop drop = handle(dropzone(WORKFLOW, null, true), """
                [{"runSettingId": "S0", "parameters": {"sample_id": "S0", "fastq_1": "s3://lab-raw/run42/S0_R1.fastq.gz",
                  "fastq_2": "s3://lab-raw/run42/S0_R2.fastq.gz"}}]""");

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).singleElement().asString()
                .startsWith("entry 0 (runSettingId S0) /0/parameters/fastq_2: cannot read"
                        + " 's3://lab-raw/run42/S0_R2.fastq.gz': access denied to the dropzone")
                .contains("so the runs would be denied too");
        assertThat(s3.injectedByKind()).containsKey("AccessDenied:denied-key");
    }

    @Test
    void with_input_checking_switched_off_no_input_is_looked_at() {
        long before = s3.requests();
        Drop drop = handle(dropzone(WORKFLOW, null, false), """
                [{"runSettingId": "S0", "parameters": {"sample_id": "S0", "fastq_1": "s3://lab-raw/nowhere/S0.fastq.gz"}}]""");

        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        // HeadObject and GetObject of the dropped file, its snapshot's CopyObject, the upload itself: no request for
        // the input
        assertThat(s3.requests() - before).isEqualTo(4);
    }

    @Test
    void a_valid_file_of_10000_runs_whose_inputs_exist_is_submitted_with_each_input_checked_once() throws Exception {
        // 10,000 runs over 500 distinct input files (20 runs per sample, as lanes re-run) and one shared reference
        int distinct = 500;
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            inputs.add("s3://lab-raw/big/S" + i + ".fastq.gz");
        }
        StringBuilder file = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            file.append(i == 0 ? "" : ",\n").append("{\"runSettingId\":\"S").append(i)
                    .append("\",\"parameters\":{\"sample_id\":\"S").append(i).append("\",\"fastq_1\":\"")
                    .append(inputs.get(i % distinct))
                    .append("\",\"fastq_2\":\"s3://lab-raw/run42/S0_R2.fastq.gz\"}}");
        }
        file.append("]");
        ExecutorService uploads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int part = 0; part < 4; part++) {
                List<String> slice = inputs.subList(part * distinct / 4, (part + 1) * distinct / 4);
                done.add(uploads.submit(() -> slice.forEach(env::createInput)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            uploads.shutdown();
        }
        long before = s3.requests();

        Drop drop = handle(dropzone(WORKFLOW, null, true), file.toString());

        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop.runCount()).isEqualTo(10_000);
        assertThat(omics.count(OmicsBatchEmulator.START_RUN_BATCH)).isEqualTo(1);
        // 20,000 uses of 501 distinct inputs: the 500 in big/ answered by ListObjectsV2, the shared one by HeadObject;
        // plus the upload, HeadObject, GetObject and the snapshot's CopyObject. big/ takes two listings although its
        // 500 objects fit one page: each input's 20 uses are kept for its errors, and a chunk holds at most 8,192
        assertThat(s3.requests() - before).isEqualTo(2 + 1 + 4);
    }

    @Test
    void a_listing_answers_the_inputs_under_a_shared_folder_and_says_which_prefix_it_listed() {
        for (int i = 0; i < 20; i++) {
            env.createInput("s3://" + INPUTS + "/run43/S" + i + "_R1.fastq.gz");
            env.createInput("s3://" + INPUTS + "/run43/S" + i + "_R2.fastq.gz");
        }
        List<FrontRequest> seen = observe();

        Drop drop = handle(dropzone(WORKFLOW, null, true), runs(20, "run43/", -1));

        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        // 40 inputs: one ListObjectsV2 page and nothing else in the input bucket
        assertThat(inputRequests(seen)).containsExactly("ListObjectsV2 lab-raw"
                + " continuation-token=null delimiter=/ list-type=2 max-keys=1000 prefix=run43/"
                + " start-after=run43/S0_R1.fastq.gy");
    }

    @Test
    void a_folder_with_few_inputs_is_asked_by_head() {
        List<FrontRequest> seen = observe();

        Drop drop = handle(dropzone(WORKFLOW, null, true), """
                [{"runSettingId": "S0", "parameters": {"sample_id": "S0", "fastq_1": "s3://lab-raw/run42/S0_R1.fastq.gz",
                  "fastq_2": "s3://lab-raw/run42/S0_R2.fastq.gz"}},
                 {"runSettingId": "S1", "parameters": {"sample_id": "S1", "fastq_1": "s3://lab-raw/run42/S1_R1.fastq.gz"}}]""");

        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(inputRequests(seen)).containsExactlyInAnyOrder("HeadObject lab-raw run42/S0_R1.fastq.gz",
                "HeadObject lab-raw run42/S0_R2.fastq.gz", "HeadObject lab-raw run42/S1_R1.fastq.gz");
    }

    @Test
    void a_missing_input_under_a_listed_folder_is_reported_at_its_entry() {
        for (int i = 0; i < 12; i++) {
            env.createInput("s3://" + INPUTS + "/run44/S" + i + "_R1.fastq.gz");
            if (i != 7) {
                env.createInput("s3://" + INPUTS + "/run44/S" + i + "_R2.fastq.gz");
            }
        }
        List<FrontRequest> seen = observe();

        Drop drop = handle(dropzone(WORKFLOW, null, true), runs(12, "run44/", -1));

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).singleElement().asString().startsWith("entry 7 (runSettingId S7)"
                + " /7/parameters/fastq_2: s3://lab-raw/run44/S7_R2.fastq.gz does not exist [line 8, column ");
        assertThat(inputRequests(seen)).singleElement().asString().startsWith("ListObjectsV2 lab-raw");
        assertThat(omics.count(OmicsBatchEmulator.START_RUN_BATCH)).isZero();
    }

    @Test
    void a_denied_listing_falls_back_to_head_and_the_403_message() {
        for (int i = 0; i < 10; i++) {
            env.createInput("s3://" + INPUTS + "/run45/S" + i + "_R1.fastq.gz");
            env.createInput("s3://" + INPUTS + "/run45/S" + i + "_R2.fastq.gz");
        }
        List<FrontRequest> seen = observe(); // first, so it sees the refused listing too
        s3.inject(FaultRule.on("ListObjectsV2").respond(ServiceError.s3AccessDenied()).times(1));
        s3.denyKey("run45/S4_R2.fastq.gz"); // answered before any rule: not in seen

        Drop drop = handle(dropzone(WORKFLOW, null, true), runs(10, "run45/", -1));

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).singleElement().asString()
                .startsWith("entry 4 (runSettingId S4) /4/parameters/fastq_2: cannot read"
                        + " 's3://lab-raw/run45/S4_R2.fastq.gz': access denied to the dropzone")
                .contains("so the runs would be denied too");
        assertThat(s3.injectedByKind()).containsEntry("error:AccessDenied", 1L)
                .containsEntry("AccessDenied:denied-key", 1L);
        // the refused listing, then one HEAD per input (the denied key's among them, answered by denyKey)
        List<String> calls = inputRequests(seen);
        assertThat(calls.get(0)).startsWith("ListObjectsV2 lab-raw");
        assertThat(calls.subList(1, calls.size())).hasSize(19).allMatch(call -> call.startsWith("HeadObject"));
    }

    @Test
    void a_file_whose_checks_outlast_the_deadline_continues_on_the_next_attempt() {
        // 30 inputs, each in its own folder (30 HEADs), 300 ms each, one at a time: about 9 s of checks
        StringBuilder file = new StringBuilder("[");
        for (int i = 0; i < 30; i++) {
            env.createInput("s3://" + INPUTS + "/slow/d" + i + "/S" + i + ".fastq.gz");
            file.append(i == 0 ? "" : ",\n").append("{\"runSettingId\": \"S").append(i)
                    .append("\", \"parameters\": {\"sample_id\": \"S").append(i)
                    .append("\", \"fastq_1\": \"s3://lab-raw/slow/d").append(i).append("/S").append(i)
                    .append(".fastq.gz\"}}");
        }
        String content = file.append("]").toString();
        Dropzone dropzone = dropzone(WORKFLOW, null, true, 1);
        String key = "incoming/slow-" + System.nanoTime() + ".json";
        PutObjectResponse put = env.upload(key, content);
        DroppedObject object = new DroppedObject(LocalEnvironment.BUCKET, key, put.eTag(), content.length(), null,
                Long.toHexString(System.nanoTime()));
        s3.latency(java.time.Duration.ofMillis(300));
        List<FrontRequest> seen = observe();

        // 4 s left: after the drop's HeadObject and GetObject the checks get 80 % of what remains, for 9 s of work
        assertThatThrownBy(() -> dropzone.submitDrop().handle(object, Instant.now().plusMillis(4_000)))
                .isInstanceOf(InputChecksIncompleteException.class)
                .hasMessageContaining("input checks stopped at their share of the invocation's time")
                .hasMessageContaining("of 30 input references confirmed");
        long firstAttempt = headsUnder(seen, "slow/");
        Drop stopped = env.dropzone().drops().find(object.requestId()).orElseThrow();
        assertThat(stopped.lastError()).startsWith("InputChecksIncompleteException: input checks stopped")
                .contains("per second");
        assertThat(env.clients().s3().getObjectAsBytes(b -> b.bucket(LocalEnvironment.BUCKET)
                .key("submitted/preflight/" + stopped.requestId() + ".json")).asUtf8String()).contains("\"through\"");

        Drop drop = dropzone.submitDrop().handle(object, Instant.now().plusSeconds(120)).drop();

        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(firstAttempt).isBetween(1L, 29L);
        // every input asked exactly once over both attempts: the second continued where the first stopped
        assertThat(headsUnder(seen, "slow/")).isEqualTo(30);
        assertThat(seen.stream().filter(r -> r.key() != null && r.key().startsWith("slow/")).map(FrontRequest::key)
                .distinct()).hasSize(30);
    }

    @Test
    void parameters_are_checked_against_the_named_workflow_version() {
        Drop drop = handle(dropzone(WORKFLOW, "v2", true), """
                [{"runSettingId": "S0", "parameters": {"sample_id": "S0", "genome": "GRCh38"}}]""");

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).singleElement().asString()
                .startsWith("entry 0 (runSettingId S0) /0/parameters/genome: unknown parameter 'genome';"
                        + " workflow 7000001 version v2 has no such parameter");
        assertThat(omics.count(OmicsBatchEmulator.GET_WORKFLOW_VERSION)).isEqualTo(1);
        assertThat(omics.calls()).anySatisfy(call -> assertThat(call.path()).isEqualTo("/workflow/7000001/version/v2"));
    }

    @Test
    void the_template_is_fetched_once_per_workflow_version_and_process() {
        Dropzone dropzone = dropzone(WORKFLOW, null, true);
        String file = """
                [{"runSettingId": "S0", "parameters": {"sample_id": "S0", "fastq_1": "s3://lab-raw/run42/S0_R1.fastq.gz"}}]""";

        assertThat(handle(dropzone, file).status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(handle(dropzone, file.replace("S0\"", "S0b\"")).status()).isEqualTo(DropStatus.SUBMITTED);

        assertThat(omics.count(OmicsBatchEmulator.GET_WORKFLOW)).isEqualTo(1);
    }

    @Test
    void a_retryable_lookup_error_is_retried_by_the_client() {
        omics.failNext(OmicsBatchEmulator.GET_WORKFLOW, 2, 500, "InternalServerException", "try again");

        Drop drop = handle(dropzone(WORKFLOW, null, true), """
                [{"runSettingId": "S0", "parameters": {"fastq_1": "s3://lab-raw/run42/S0_R1.fastq.gz"}}]""");

        assertThat(omics.count(OmicsBatchEmulator.GET_WORKFLOW)).isEqualTo(3);
        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).singleElement().asString().contains("missing required parameter 'sample_id'");
    }

    @Test
    void a_denied_lookup_submits_the_file_with_its_parameters_unchecked() {
        omics.failNext(OmicsBatchEmulator.GET_WORKFLOW, 1, 403, "AccessDeniedException", "not authorized");

        Drop drop = handle(dropzone(WORKFLOW, null, true), """
                [{"runSettingId": "S0", "parameters": {"colour": "s3://lab-raw/run42/S0_R1.fastq.gz"}}]""");

        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(omics.count(OmicsBatchEmulator.GET_WORKFLOW)).isEqualTo(1);
        String why = "parameters not checked: GetWorkflow answered AccessDeniedException (not authorized); the function"
                + " needs omics:GetWorkflow on the configured workflow";
        assertThat(stored(drop).parametersNotChecked()).isEqualTo(why);
        assertThat(submittedMessage()).containsEntry("parametersNotChecked", why);
    }

    @Test
    void a_workflow_without_template_submits_the_file_with_its_parameters_unchecked() {
        Drop drop = handle(dropzone(NO_TEMPLATE_WORKFLOW, null, true), """
                [{"runSettingId": "S0", "parameters": {"colour": "red"}}]""");

        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        String why = "parameters not checked: workflow 7000004 has no parameter template";
        assertThat(stored(drop).parametersNotChecked()).isEqualTo(why);
        assertThat(submittedMessage()).containsEntry("parametersNotChecked", why);
    }

    @Test
    void a_checked_drop_carries_no_note() {
        Drop drop = handle(dropzone(WORKFLOW, null, true), """
                [{"runSettingId": "S0", "parameters": {"sample_id": "S0", "fastq_1": "s3://lab-raw/run42/S0_R1.fastq.gz"}}]""");

        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(stored(drop).parametersNotChecked()).isNull();
        assertThat(submittedMessage()).doesNotContainKey("parametersNotChecked");
    }

    private static Drop stored(Drop drop) {
        return env.dropzone().drops().find(drop.requestId()).orElseThrow();
    }

    private static Map<String, Object> submittedMessage() {
        assertThat(sns.published()).hasSize(1);
        var message = sns.published().get(0);
        assertThat(message.attributes()).containsEntry("type", "BatchSubmitted");
        return JsonReader.readObject(message.message());
    }

    /** Records every request the S3 front sees from now on (a rule that never fires). */
    private static List<FrontRequest> observe() {
        List<FrontRequest> seen = new CopyOnWriteArrayList<>();
        s3.inject(FaultRule.on(request -> {
            seen.add(request);
            return false;
        }).reset().times(0));
        return seen;
    }

    /** The requests for the input bucket: operation, bucket, then the key or the sorted list parameters. */
    private static List<String> inputRequests(List<FrontRequest> seen) {
        return seen.stream().filter(r -> INPUTS.equals(r.bucket())).map(r -> r.operation() + " " + r.bucket() + " "
                + (r.key() != null ? r.key() : listParameters(r.rawQuery()))).toList();
    }

    private static String listParameters(String rawQuery) {
        java.util.Map<String, String> parameters = new java.util.TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            parameters.put(pair.substring(0, eq < 0 ? pair.length() : eq), eq < 0 ? ""
                    : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        parameters.putIfAbsent("continuation-token", "null");
        parameters.remove("encoding-type");
        return String.join(" ", parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private static long headsUnder(List<FrontRequest> seen, String prefix) {
        return seen.stream().filter(r -> "HeadObject".equals(r.operation()) && INPUTS.equals(r.bucket())
                && r.key().startsWith(prefix)).count();
    }

    /** {@code count} runs naming {@code folder}S<i>_R1 and _R2 in lab-raw. */
    private static String runs(int count, String folder, int unused) {
        StringBuilder file = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            file.append(i == 0 ? "" : ",\n").append("{\"runSettingId\": \"S").append(i)
                    .append("\", \"parameters\": {\"sample_id\": \"S").append(i)
                    .append("\", \"fastq_1\": \"s3://lab-raw/").append(folder).append("S").append(i)
                    .append("_R1.fastq.gz\", \"fastq_2\": \"s3://lab-raw/").append(folder).append("S").append(i)
                    .append("_R2.fastq.gz\"}}");
        }
        return file.append("]").toString();
    }

    private Dropzone dropzone(String workflowId, String version, boolean checkInputs) {
        return dropzone(workflowId, version, checkInputs, PreflightSettings.DEFAULT.concurrency());
    }

    private Dropzone dropzone(String workflowId, String version, boolean checkInputs, int concurrency) {
        String setting = "{\"workflowId\":\"" + workflowId + "\""
                + (version == null ? "" : ",\"workflowVersionName\":\"" + version + "\"")
                + ",\"roleArn\":\"arn:aws:iam::123456789012:role/omics-dropzone-runs\","
                + "\"outputUri\":\"s3://dropzone-output/runs/\",\"parameters\":{\"genome\":\"GRCh38\"}}";
        if (version != null) {
            setting = setting.replace(",\"parameters\":{\"genome\":\"GRCh38\"}", "");
        }
        Config config = Config.fromEnvironment(Map.of(Config.TABLE_NAME, LocalEnvironment.TABLE,
                Config.TOPIC_ARN, env.config().topicArn(), Config.DEFAULT_RUN_SETTING, setting));
        return new Dropzone(config, env.clients(LedgerRole.SUBMIT), new PreflightSettings(checkInputs, concurrency));
    }

    private Drop handle(Dropzone dropzone, String content) {
        String key = "incoming/preflight-" + (++drops) + "-" + System.nanoTime() + ".json";
        PutObjectResponse put = env.upload(key, content);
        DroppedObject object = new DroppedObject(LocalEnvironment.BUCKET, key, put.eTag(), content.length(), null,
                Long.toHexString(System.nanoTime()));
        return dropzone.submitDrop().handle(object, Instant.now().plusSeconds(120)).drop();
    }
}
