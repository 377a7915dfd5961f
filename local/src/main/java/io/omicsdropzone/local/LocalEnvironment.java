package io.omicsdropzone.local;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.aws.AwsClients;
import io.omicsdropzone.aws.DropItemSchema;
import io.omicsdropzone.config.Config;
import io.omicsdropzone.config.PipelinesFile;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.pipeline.Pipeline;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.handler.S3DropHandler;
import io.omicsdropzone.handler.S3Records;
import io.omicsdropzone.local.standins.StandIns;
import io.omicsdropzone.local.standins.iam.LedgerRole;
import io.omicsdropzone.metrics.EmfWriter;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.enhanced.dynamodb.model.EnhancedGlobalSecondaryIndex;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The stand-ins plus what the CDK stack would provision on them: the input bucket, the drops table with its
 * indexes and the topic. Shared by the local runner and the end-to-end tests.
 */
public final class LocalEnvironment implements AutoCloseable {

    public static final String BUCKET = "dropzone-input";
    /**
     * A second input bucket whose writes get SSE-KMS ETags (S3Server#encryptBucket), for tests that need both ETag
     * behaviours side by side. The deployed input bucket is SSE-KMS: the IAM call ledger checks calls on this bucket
     * as calls on {@link #BUCKET}.
     */
    public static final String ENCRYPTED_BUCKET = "dropzone-input-kms";
    public static final String TABLE = "omics-dropzone-drops";
    public static final String TOPIC = "omics-dropzone";
    public static final String DEFAULT_RUN_SETTING = """
            {"workflowId":"1234567","roleArn":"arn:aws:iam::123456789012:role/omics-dropzone-runs",\
            "outputUri":"s3://dropzone-output/runs/","storageType":"DYNAMIC","retentionMode":"REMOVE",\
            "runTags":{"submitted-by":"omics-dropzone"}}""";

    /** The submit function's alias as the reconciler names it ({@code SUBMIT_FUNCTION}), served by the Lambda stand-in. */
    public static final String SUBMIT_FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:omics-dropzone-submit:live";
    public static final String SUBMIT_FAILURES = "omics-dropzone-SubmitFailures";
    /** The workflow of {@link #DEFAULT_RUN_SETTING}. */
    public static final String WORKFLOW_ID = "1234567";
    /** What the Lambda stand-in gives each delivery of the submit function, as its timeout would. */
    static final Duration INVOCATION_TIME = Duration.ofSeconds(60);
    /** The {@code Function} dimension each path's metrics carry, as the deployed functions' names would. */
    public static final String SUBMIT_FUNCTION_NAME = "omics-dropzone-submit";
    public static final String BATCH_STATUS_FUNCTION_NAME = "omics-dropzone-batch-status";
    public static final String RECONCILE_FUNCTION_NAME = "omics-dropzone-reconcile";

    private final StandIns standIns;
    private final AwsClients clients;
    private final Config config;
    private final String submitFailuresQueueUrl;
    private final EmfCapture emf = new EmfCapture();
    /** Each function role's own clients (signed with a session token naming the role, for the call ledger). */
    private final Map<LedgerRole, AwsClients> roleClients = new EnumMap<>(LedgerRole.class);
    /** The test class that started this environment: names its file in the call ledger. */
    private final String source = startedBy();

    /** The pipelines file this environment was started with, or null ({@link #DEFAULT_RUN_SETTING} alone). */
    private Path pipelinesFile;

    private LocalEnvironment(StandIns standIns, AwsClients clients, Config config, String submitFailuresQueueUrl) {
        this.standIns = standIns;
        this.clients = clients;
        this.config = config;
        this.submitFailuresQueueUrl = submitFailuresQueueUrl;
    }

    /**
     * Two pipelines, as the offline try-out runs them: {@code runs} takes run-settings JSON anywhere under
     * {@code incoming/} with the settings of {@link #DEFAULT_RUN_SETTING}; {@code wgs} takes JSON and samplesheets
     * under {@code incoming/wgs/} (the columns of {@code events/samplesheets/wgs-trio.csv}) with its own workflow.
     */
    public static final String DEMO_PIPELINES = """
            {"pipelines": [
              {"name": "runs", "keyPrefix": "incoming/",
               "defaultRunSetting": {"workflowId": "1234567", "outputUri": "s3://dropzone-output/runs/",
                                     "storageType": "DYNAMIC", "retentionMode": "REMOVE",
                                     "runTags": {"submitted-by": "omics-dropzone"}}},
              {"name": "wgs", "keyPrefix": "incoming/wgs/", "batchTags": {"team": "germline"},
               "defaultRunSetting": {"workflowId": "2345678", "storageType": "DYNAMIC", "retentionMode": "REMOVE"},
               "samplesheet": {"columns": ["sample", "fastq_1", "fastq_2", "patient_id", "priority"],
                               "runSetting": {"runSettingId": "{sample}", "priority": "{priority:int?}",
                                              "parameters": {"fastq_1": "{fastq_1}", "fastq_2": "{fastq_2}"},
                                              "runTags": {"patient": "{patient_id}"}}}}]}""";
    /**
     * The parameter template of the {@code runs} pipeline's workflow in the try-out (name → optional), the parameters
     * of {@code events/run-settings/valid-3-runs.json}: pre-flight checks every drop's parameters against it.
     */
    public static final Map<String, Boolean> DEMO_RUNS_TEMPLATE = orderedTemplate(
            "sample_name", false, "fastq_pairs", false, "reference", false, "call_variants", true,
            "min_base_quality", true);
    /** The {@code wgs} pipeline's workflow template: the two FASTQs each samplesheet row names. */
    public static final Map<String, Boolean> DEMO_WGS_TEMPLATE = orderedTemplate("fastq_1", false, "fastq_2", false);
    /** The {@code wgs} pipeline's workflow in {@link #DEMO_PIPELINES}. */
    public static final String WGS_WORKFLOW_ID = "2345678";

    /** The stack's service role and output location, as the CDK passes them beside the pipelines file. */
    public static final String SERVICE_ROLE_ARN = "arn:aws:iam::123456789012:role/omics-dropzone-runs";
    public static final String OUTPUT_URI = "s3://dropzone-output/runs/";

    public static LocalEnvironment start() {
        return start(null);
    }

    /**
     * The stand-ins with a pipelines file instead of {@link #DEFAULT_RUN_SETTING}, as {@code cdk deploy -c
     * pipelinesFile=...} configures the submit function (the file, plus the stack's role and output location); every
     * pipeline's workflow is registered with the HealthOmics emulator.
     */
    public static LocalEnvironment withPipelines(String pipelinesJson) {
        return start(pipelinesJson);
    }

    /**
     * The offline try-out's dropzone: {@link #DEMO_PIPELINES} with workflows that have parameter templates
     * ({@link #DEMO_RUNS_TEMPLATE}, {@link #DEMO_WGS_TEMPLATE}), so pre-flight checks every drop's parameters as it
     * does for a workflow created with a template (GetWorkflow's {@code parameterTemplate},
     * https://docs.aws.amazon.com/omics/latest/api/API_GetWorkflow.html).
     */
    public static LocalEnvironment demo() {
        LocalEnvironment environment = start(DEMO_PIPELINES);
        environment.standIns.omics().putWorkflow(WORKFLOW_ID, "ACTIVE", "PRIVATE", null, DEMO_RUNS_TEMPLATE);
        environment.standIns.omics().putWorkflow(WGS_WORKFLOW_ID, "ACTIVE", "PRIVATE", null, DEMO_WGS_TEMPLATE);
        return environment;
    }

    private static Map<String, Boolean> orderedTemplate(Object... namesAndOptional) {
        Map<String, Boolean> template = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndOptional.length; i += 2) {
            template.put((String) namesAndOptional[i], (Boolean) namesAndOptional[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(template);
    }

    private static LocalEnvironment start(String pipelinesJson) {
        StandIns standIns = StandIns.start();
        try {
            AwsClients clients = AwsClients.forEndpoints(Region.of(standIns.region()),
                    StaticCredentialsProvider.create(standIns.credentials()), standIns.s3Endpoint(),
                    standIns.dynamoDbEndpoint(), standIns.snsEndpoint(), standIns.omics().endpoint(),
                    standIns.lambda().endpoint(), standIns.sqs().endpoint());
            clients.s3().createBucket(b -> b.bucket(BUCKET));
            createTable(clients);
            String topicArn = clients.sns().createTopic(b -> b.name(TOPIC)).topicArn();
            Map<String, String> settings = new HashMap<>(Map.of(Config.TABLE_NAME, TABLE, Config.TOPIC_ARN, topicArn));
            Path pipelinesFile = null;
            if (pipelinesJson == null) {
                settings.put(Config.DEFAULT_RUN_SETTING, DEFAULT_RUN_SETTING);
            } else {
                pipelinesFile = writePipelinesFile(pipelinesJson);
                settings.put(PipelinesFile.PIPELINES_FILE, pipelinesFile.toString());
                settings.put(PipelinesFile.SERVICE_ROLE_ARN, SERVICE_ROLE_ARN);
                settings.put(PipelinesFile.OUTPUT_URI, OUTPUT_URI);
            }
            Config config = Config.fromEnvironment(settings);
            String queueUrl = standIns.sqs().createQueue(SUBMIT_FAILURES);
            // The configured workflow, without a parameter template: drops are submitted with their parameters
            // unchecked (and say so), as for a workflow created without one. Pre-flight tests register their own.
            standIns.omics().putWorkflow(WORKFLOW_ID, "ACTIVE", "PRIVATE", null, null);
            for (Pipeline pipeline : config.pipelines().all()) {
                if (!pipeline.defaultRunSetting().workflowId().equals(WORKFLOW_ID)) {
                    standIns.omics().putWorkflow(pipeline.defaultRunSetting().workflowId(), "ACTIVE", "PRIVATE", null,
                            null);
                }
            }
            LocalEnvironment environment = new LocalEnvironment(standIns, clients, config, queueUrl);
            environment.pipelinesFile = pipelinesFile;
            environment.deploySubmitFunction();
            return environment;
        } catch (RuntimeException e) {
            standIns.close();
            throw e;
        }
    }

    /**
     * Creates the table with its three indexes. A CreateTable whose answer was lost (an attempt timing out on a busy
     * machine) is retried by the SDK and then finds the table there: that is success, not an error.
     */
    private static void createTable(AwsClients clients) {
        try {
            clients.enhanced().table(TABLE, DropItemSchema.SCHEMA).createTable(b -> b.globalSecondaryIndices(
                    index(DropItemSchema.BY_BATCH_ID), index(DropItemSchema.OPEN_BATCHES),
                    index(DropItemSchema.OPEN_DROPS)));
        } catch (ResourceInUseException createdByAnEarlierAttempt) {
            clients.dynamoDb().describeTable(b -> b.tableName(TABLE));
        }
    }

    /**
     * What {@code cdk deploy} wires for the submit function: its alias answers Invoke (the reconciler's resumes), each
     * asynchronous event is tried 3 times, and what still fails goes to the SubmitFailures queue.
     */
    private void deploySubmitFunction() {
        standIns.lambda().runsAs(SUBMIT_FUNCTION, LedgerRole.SUBMIT);
        standIns.lambda().register(SUBMIT_FUNCTION, payload -> {
            Dropzone submit = dropzone(SUBMIT_FUNCTION_NAME);
            var event = S3EventJson.parse(payload);
            S3DropHandler.handleEvent(event, submit.submitDrop(), submit.resumeDrop(),
                    Instant.now().plus(INVOCATION_TIME), submit.dropMetrics().forEvents(S3Records.eventTimes(event)));
            return "null";
        });
        standIns.lambda().onFailure(SUBMIT_FUNCTION, standIns.sqs(), submitFailuresQueueUrl);
    }

    public String submitFailuresQueueUrl() {
        return submitFailuresQueueUrl;
    }

    private static EnhancedGlobalSecondaryIndex index(String name) {
        return EnhancedGlobalSecondaryIndex.builder().indexName(name)
                .projection(p -> p.projectionType(ProjectionType.ALL)).build();
    }

    public StandIns standIns() {
        return standIns;
    }

    public AwsClients clients() {
        return clients;
    }

    public Config config() {
        return config;
    }

    /**
     * The clients of one role: same endpoints and keys as {@link #clients()}, plus a session token naming the role so
     * that the call ledger attributes what they send ({@link LedgerRole}). {@link LedgerRole#HARNESS} is
     * {@link #clients()}.
     */
    public synchronized AwsClients clients(LedgerRole role) {
        if (role == LedgerRole.HARNESS) {
            return clients;
        }
        return roleClients.computeIfAbsent(role, r -> AwsClients.forEndpoints(Region.of(standIns.region()),
                StaticCredentialsProvider.create(standIns.credentials(r)), standIns.s3Endpoint(),
                standIns.dynamoDbEndpoint(), standIns.snsEndpoint(), standIns.omics().endpoint(),
                standIns.lambda().endpoint(), standIns.sqs().endpoint()));
    }

    /** The role a deployed function runs as, by the function names above; the harness for any other name. */
    public static LedgerRole roleOf(String function) {
        return switch (function) {
            case SUBMIT_FUNCTION_NAME -> LedgerRole.SUBMIT;
            case BATCH_STATUS_FUNCTION_NAME -> LedgerRole.STATUS;
            case RECONCILE_FUNCTION_NAME -> LedgerRole.RECONCILE;
            default -> LedgerRole.HARNESS;
        };
    }

    /** A fresh set of use cases on the shared clients, as a Lambda container would build them. */
    public Dropzone dropzone() {
        return new Dropzone(config, clients);
    }

    /**
     * Use cases as the named function builds them, writing their EMF lines to {@link #emf()} with that function as
     * the {@code Function} dimension.
     */
    public Dropzone dropzone(String function) {
        return dropzone(function, roleOf(function));
    }

    /**
     * {@link #dropzone(String)} with the calls made as {@code role}: the function's code run by someone else, e.g. an
     * operator's {@code redrive} (OPERATOR), whose outcome metrics still name {@code function}.
     */
    public Dropzone dropzone(String function, LedgerRole role) {
        return new Dropzone(config, clients(role), EmfWriter.forFunction(emf::accept, function, Clock.systemUTC()));
    }

    /** {@link #environment()} for a process running as {@code role} (the CLI's operator commands: OPERATOR). */
    public Map<String, String> environment(LedgerRole role) {
        Map<String, String> environment = environment();
        if (role != LedgerRole.HARNESS) {
            environment.put("AWS_SESSION_TOKEN", role.sessionToken());
        }
        return environment;
    }

    /** The EMF lines written so far by use cases from {@link #dropzone(String)}. */
    public EmfCapture emf() {
        return emf;
    }

    /** Everything a separate process (the CLI jar) needs: the SDK's standard variables plus the function's. */
    public Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(standIns.environment());
        environment.put(Config.TABLE_NAME, config.tableName());
        environment.put(Config.TOPIC_ARN, config.topicArn());
        if (pipelinesFile == null) {
            environment.put(Config.DEFAULT_RUN_SETTING, DEFAULT_RUN_SETTING);
        } else {
            environment.put(PipelinesFile.PIPELINES_FILE, pipelinesFile.toString());
            environment.put(PipelinesFile.SERVICE_ROLE_ARN, SERVICE_ROLE_ARN);
            environment.put(PipelinesFile.OUTPUT_URI, OUTPUT_URI);
        }
        return environment;
    }

    private static Path writePipelinesFile(String json) {
        try {
            Path file = Files.createTempFile("omics-dropzone-pipelines", ".json");
            file.toFile().deleteOnExit();
            return Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pipelines file", e);
        }
    }

    /**
     * Creates the input files the runs name: every {@code s3://BUCKET/KEY} string inside any entry's
     * {@code parameters} becomes a small object (its bucket created when missing); prefixes (ending in '/') are
     * left alone. For files whose inputs must exist once pre-flight checks them.
     */
    public void createInputsNamedIn(String runSettingsJson) {
        try {
            for (com.fasterxml.jackson.databind.JsonNode entry : new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(runSettingsJson)) {
                createInputs(entry.path("parameters"));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void createInputs(com.fasterxml.jackson.databind.JsonNode value) {
        if (value.isTextual() && value.asText().startsWith("s3://") && !value.asText().endsWith("/")) {
            createInput(value.asText());
        }
        value.forEach(this::createInputs);
    }

    /** Creates one input object {@code s3://BUCKET/KEY} (and its bucket when missing). */
    public void createInput(String uri) {
        String rest = uri.substring("s3://".length());
        String bucket = rest.substring(0, rest.indexOf('/'));
        String key = rest.substring(rest.indexOf('/') + 1);
        try {
            clients.s3().headBucket(b -> b.bucket(bucket));
        } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
            clients.s3().createBucket(b -> b.bucket(bucket));
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            clients.s3().createBucket(b -> b.bucket(bucket));
        }
        clients.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("input"));
    }

    public PutObjectResponse upload(String key, byte[] content) {
        return clients.s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
    }

    public PutObjectResponse upload(String key, String content) {
        return upload(key, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The notification S3 sends for a new object (see {@link S3EventJson#objectCreated}), with a fresh sequencer. */
    public static String objectCreatedEvent(String bucket, String key, String quotedEtag, long size) {
        DroppedObject object = new DroppedObject(bucket, key, quotedEtag, size, null,
                Long.toHexString(System.nanoTime()).toUpperCase());
        return S3EventJson.objectCreated(object, Instant.now(), "ObjectCreated:Put");
    }

    @Override
    public void close() {
        try {
            standIns.lambda().awaitIdle(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        standIns.ledger().writeIfConfigured(source, pipelinesFile == null ? "single" : "pipelines", Map.of(
                "bucket", BUCKET, "inputBucketAliases", ENCRYPTED_BUCKET, "table", TABLE, "topicArn", config.topicArn(), "submitAlias", SUBMIT_FUNCTION,
                "submitFailuresQueue", SUBMIT_FAILURES, "serviceRoleArn", SERVICE_ROLE_ARN,
                "outputBucket", URI.create(OUTPUT_URI).getHost(), "region", standIns.region(),
                "account", standIns.accountId()));
        roleClients.values().forEach(AwsClients::close);
        clients.close();
        standIns.close();
    }

    private static String startedBy() {
        return StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(name -> name.endsWith("Test") || name.contains("Test$"))
                .map(name -> name.substring(name.lastIndexOf('.') + 1).replaceAll("\\$.*", ""))
                .findFirst().orElse("local"));
    }
}
