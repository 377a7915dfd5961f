package io.omicsdropzone.app;

import io.omicsdropzone.aws.AwsClients;
import io.omicsdropzone.aws.DynamoDbDropRepository;
import io.omicsdropzone.aws.S3RunSettingsStore;
import io.omicsdropzone.aws.SnsNotifier;
import io.omicsdropzone.config.Config;
import io.omicsdropzone.domain.SubmitDrop;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/** Assembles the use cases from configuration and AWS clients, once per process; shared by handlers and CLI. */
public final class Dropzone {

    /**
     * How long one invocation owns a drop. At least the function timeout (15 minutes), so a live invocation is
     * never overtaken; a crashed one's drop is taken over once it ends.
     */
    public static final Duration LEASE = Duration.ofMinutes(15);

    private final Config config;
    private final AwsClients clients;
    private final DynamoDbDropRepository drops;
    private final S3RunSettingsStore store;
    private final SubmitDrop submitDrop;

    public Dropzone(Config config, AwsClients clients) {
        this.config = config;
        this.clients = clients;
        this.drops = new DynamoDbDropRepository(clients.enhanced(), config.tableName());
        this.store = new S3RunSettingsStore(clients.s3());
        this.submitDrop = new SubmitDrop(drops, store, clients.omics(), new SnsNotifier(clients.sns(), config.topicArn()),
                config.defaultRunSetting(), Clock.systemUTC(), LEASE, duration -> Thread.sleep(duration.toMillis()));
    }

    /** Configuration is checked before any client is built, so a bad deployment fails fast and clearly. */
    public static Dropzone fromEnvironment(Map<String, String> environment, Properties systemProperties) {
        Config config = Config.fromEnvironment(environment);
        return new Dropzone(config, AwsClients.fromStandardChain(environment, systemProperties));
    }

    public Config config() {
        return config;
    }

    public AwsClients clients() {
        return clients;
    }

    public DynamoDbDropRepository drops() {
        return drops;
    }

    public S3RunSettingsStore store() {
        return store;
    }

    public SubmitDrop submitDrop() {
        return submitDrop;
    }
}
