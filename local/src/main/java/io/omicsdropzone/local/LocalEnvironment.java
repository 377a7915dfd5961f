package io.omicsdropzone.local;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.aws.AwsClients;
import io.omicsdropzone.aws.DropItemSchema;
import io.omicsdropzone.config.Config;
import io.omicsdropzone.json.JsonWriter;
import io.omicsdropzone.local.standins.StandIns;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.enhanced.dynamodb.model.EnhancedGlobalSecondaryIndex;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stand-ins plus what the CDK stack would provision on them: the input bucket, the drops table with its
 * indexes and the topic. Shared by the local runner and the end-to-end tests.
 */
public final class LocalEnvironment implements AutoCloseable {

    public static final String BUCKET = "dropzone-input";
    public static final String TABLE = "omics-dropzone-drops";
    public static final String TOPIC = "omics-dropzone";
    public static final String DEFAULT_RUN_SETTING = """
            {"workflowId":"1234567","roleArn":"arn:aws:iam::123456789012:role/omics-dropzone-runs",\
            "outputUri":"s3://dropzone-output/runs/","storageType":"DYNAMIC","retentionMode":"REMOVE",\
            "runTags":{"submitted-by":"omics-dropzone"}}""";

    private final StandIns standIns;
    private final AwsClients clients;
    private final Config config;

    private LocalEnvironment(StandIns standIns, AwsClients clients, Config config) {
        this.standIns = standIns;
        this.clients = clients;
        this.config = config;
    }

    public static LocalEnvironment start() {
        StandIns standIns = StandIns.start();
        try {
            AwsClients clients = AwsClients.forEndpoints(Region.of(standIns.region()),
                    StaticCredentialsProvider.create(standIns.credentials()), standIns.s3Endpoint(),
                    standIns.dynamoDbEndpoint(), standIns.snsEndpoint(), standIns.omics().endpoint());
            clients.s3().createBucket(b -> b.bucket(BUCKET));
            clients.enhanced().table(TABLE, DropItemSchema.SCHEMA).createTable(b -> b.globalSecondaryIndices(
                    index(DropItemSchema.BY_BATCH_ID), index(DropItemSchema.OPEN_BATCHES),
                    index(DropItemSchema.OPEN_DROPS)));
            String topicArn = clients.sns().createTopic(b -> b.name(TOPIC)).topicArn();
            Config config = Config.fromEnvironment(Map.of(Config.TABLE_NAME, TABLE, Config.TOPIC_ARN, topicArn,
                    Config.DEFAULT_RUN_SETTING, DEFAULT_RUN_SETTING));
            return new LocalEnvironment(standIns, clients, config);
        } catch (RuntimeException e) {
            standIns.close();
            throw e;
        }
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

    /** A fresh set of use cases on the shared clients, as a Lambda container would build them. */
    public Dropzone dropzone() {
        return new Dropzone(config, clients);
    }

    /** Everything a separate process (the CLI jar) needs: the SDK's standard variables plus the function's. */
    public Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(standIns.environment());
        environment.put(Config.TABLE_NAME, config.tableName());
        environment.put(Config.TOPIC_ARN, config.topicArn());
        environment.put(Config.DEFAULT_RUN_SETTING, DEFAULT_RUN_SETTING);
        return environment;
    }

    public PutObjectResponse upload(String key, byte[] content) {
        return clients.s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
    }

    public PutObjectResponse upload(String key, String content) {
        return upload(key, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The notification S3 sends for a new object: key form-URL-encoded, ETag unquoted. */
    public static String objectCreatedEvent(String bucket, String key, String quotedEtag, long size) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
        object.put("size", size);
        object.put("eTag", quotedEtag.replace("\"", ""));
        object.put("sequencer", Long.toHexString(System.nanoTime()).toUpperCase());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", "us-east-1");
        record.put("eventTime", Instant.now().toString());
        record.put("eventName", "ObjectCreated:Put");
        record.put("s3", Map.of("s3SchemaVersion", "1.0", "configurationId", "dropzone-json-uploads",
                "bucket", Map.of("name", bucket, "arn", "arn:aws:s3:::" + bucket), "object", object));
        return JsonWriter.write(Map.of("Records", List.of(record)));
    }

    @Override
    public void close() {
        clients.close();
        standIns.close();
    }
}
