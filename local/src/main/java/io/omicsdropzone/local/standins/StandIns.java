package io.omicsdropzone.local.standins;

import io.omicsdropzone.local.standins.faults.FaultFront;
import io.omicsdropzone.local.standins.faults.FaultFronts;
import io.omicsdropzone.local.standins.iam.CallLedger;
import io.omicsdropzone.local.standins.iam.LedgerRole;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The offline stand-ins on 127.0.0.1, each on an ephemeral port: DynamoDB (dynalite), an S3 server (s3proxy), an SNS
 * endpoint, the HealthOmics batch emulator (which reads s3UriSettings files from the S3 server), and the SQS and Lambda
 * Invoke endpoints the reconciler and the operator's redrive use. The signature-checking ones accept only the fixed
 * test credentials {@link #credentials()}, region {@code us-east-1}.
 *
 * <p>S3, DynamoDB and SNS are reached through {@link FaultFront}s: {@link #environment()}, {@link #s3Endpoint()} and
 * the like hand out the fronts, which pass everything through until a test programs faults with {@link #s3Faults()}
 * and the like. The HealthOmics emulator reads run-settings files from S3 directly, as the real service would.
 *
 * <pre>{@code
 * try (StandIns standIns = StandIns.start()) {
 *     Map<String, String> env = standIns.environment(); // for a child process or the AWS CLI
 *     ...
 * }
 * }</pre>
 */
public final class StandIns implements AutoCloseable {

    static final String REGION = "us-east-1";
    /** The documentation example account, so ARNs look like the ones in AWS examples. */
    static final String ACCOUNT_ID = "123456789012";
    /** Letters and digits only: the form real access key ids have. */
    static final AwsCredentials CREDENTIALS =
            AwsBasicCredentials.create("AKIALOCALSTANDINS000", "localStandInsSecretKey/0000000000000000000");

    private final DynaliteServer dynamoDb;
    private final S3Server s3;
    private final SnsEndpoint sns;
    private final S3Client emulatorS3;
    private final OmicsBatchEmulator omics;
    private final SqsEndpoint sqs;
    private final LambdaEndpoint lambda;
    private final FaultFronts fronts;
    private final CallLedger ledger = new CallLedger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private StandIns(DynaliteServer dynamoDb, S3Server s3, SnsEndpoint sns, S3Client emulatorS3, OmicsBatchEmulator omics,
                     SqsEndpoint sqs, LambdaEndpoint lambda, FaultFronts fronts) {
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.sns = sns;
        this.emulatorS3 = emulatorS3;
        this.omics = omics;
        this.sqs = sqs;
        this.lambda = lambda;
        this.fronts = fronts;
        // Every endpoint records what it receives with the signing role (the session token of temporary credentials,
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_use-resources.html): the IAM call ledger.
        fronts.s3().recordCallsInto(ledger);
        fronts.dynamoDb().recordCallsInto(ledger);
        fronts.sns().recordCallsInto(ledger);
        omics.recordCallsInto(ledger);
        sqs.recordCallsInto(ledger);
        lambda.recordCallsInto(ledger);
    }

    /** Starts all four stand-ins (in parallel; a few seconds cold: s3proxy in this JVM, dynalite in a node child). */
    public static StandIns start() {
        CompletableFuture<DynaliteServer> dynamoDb = CompletableFuture.supplyAsync(DynaliteServer::start);
        CompletableFuture<S3Server> s3 = CompletableFuture.supplyAsync(() -> S3Server.start(CREDENTIALS));
        CompletableFuture<SnsEndpoint> sns = CompletableFuture.supplyAsync(SnsEndpoint::start);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            S3Client emulatorS3 = s3.join().newClient(REGION);
            started.add(emulatorS3);
            OmicsBatchEmulator omics = OmicsBatchEmulator.start(REGION, ACCOUNT_ID, CREDENTIALS, emulatorS3);
            started.add(omics);
            SqsEndpoint sqs = SqsEndpoint.start(REGION, ACCOUNT_ID, CREDENTIALS);
            started.add(sqs);
            LambdaEndpoint lambda = LambdaEndpoint.start(REGION, ACCOUNT_ID, CREDENTIALS);
            started.add(lambda);
            FaultFronts fronts = FaultFronts.start(s3.join().endpoint(), dynamoDb.join().endpoint(), sns.join().endpoint());
            return new StandIns(dynamoDb.join(), s3.join(), sns.join(), emulatorS3, omics, sqs, lambda, fronts);
        } catch (RuntimeException e) {
            // Stop whatever did start before reporting the failure.
            for (CompletableFuture<? extends AutoCloseable> future : List.of(sns, s3, dynamoDb)) {
                try {
                    started.add(future.join());
                } catch (RuntimeException ignored) {
                    // this one failed to start; the first failure is reported below
                }
            }
            closeAll(started, e);
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public DynaliteServer dynamoDb() {
        return dynamoDb;
    }

    public S3Server s3() {
        return s3;
    }

    public SnsEndpoint sns() {
        return sns;
    }

    public OmicsBatchEmulator omics() {
        return omics;
    }

    public SqsEndpoint sqs() {
        return sqs;
    }

    public LambdaEndpoint lambda() {
        return lambda;
    }

    /** Where SDK clients reach S3: the fault front before the S3 server. */
    public URI s3Endpoint() {
        return fronts.s3().endpoint();
    }

    /** Where SDK clients reach DynamoDB: the fault front before it. */
    public URI dynamoDbEndpoint() {
        return fronts.dynamoDb().endpoint();
    }

    /** Where SDK clients reach SNS: the fault front before the SNS endpoint. */
    public URI snsEndpoint() {
        return fronts.sns().endpoint();
    }

    public FaultFront s3Faults() {
        return fronts.s3();
    }

    public FaultFront dynamoDbFaults() {
        return fronts.dynamoDb();
    }

    public FaultFront snsFaults() {
        return fronts.sns();
    }

    /** All three fronts back to pass-through, their counters zeroed. */
    public void resetFaults() {
        fronts.reset();
    }

    public String region() {
        return REGION;
    }

    /** The account id used in ARNs the stand-ins make (topics, run batches, runs). */
    public String accountId() {
        return ACCOUNT_ID;
    }

    /** Every request the stand-ins received, with the role that signed it (see {@link LedgerRole}). */
    public CallLedger ledger() {
        return ledger;
    }

    /**
     * The fixed keys with the session token that names {@code role}: what that role's clients sign with, so the call
     * ledger can tell the roles apart (the harness gets the plain keys).
     */
    public AwsCredentials credentials(LedgerRole role) {
        return role == LedgerRole.HARNESS ? CREDENTIALS : AwsSessionCredentials.create(CREDENTIALS.accessKeyId(),
                CREDENTIALS.secretAccessKey(), role.sessionToken());
    }

    /** The fixed test keys every stand-in accepts (and the only ones the signature-checking ones accept). */
    public AwsCredentials credentials() {
        return CREDENTIALS;
    }

    /**
     * Environment for a child process or the AWS CLI: AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the
     * service-specific endpoint variables AWS_ENDPOINT_URL_S3 / _DYNAMODB / _SNS / _OMICS / _SQS / _LAMBDA
     * ({@code http://127.0.0.1:PORT}; the first three are the fault fronts).
     */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_REGION", REGION);
        environment.put("AWS_ACCESS_KEY_ID", CREDENTIALS.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", CREDENTIALS.secretAccessKey());
        environment.put("AWS_ENDPOINT_URL_S3", s3Endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint().toString());
        environment.put("AWS_ENDPOINT_URL_SNS", snsEndpoint().toString());
        environment.put("AWS_ENDPOINT_URL_OMICS", omics.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_LAMBDA", lambda.endpoint().toString());
        return Map.copyOf(environment);
    }

    /** Stops everything; calling it again does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            fronts.close();
            closeAll(List.of(lambda, sqs, omics, emulatorS3, sns, s3, dynamoDb), null);
        }
    }

    private static void closeAll(List<AutoCloseable> resources, RuntimeException primary) {
        RuntimeException failure = primary;
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("a stand-in did not stop cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null && primary == null) {
            throw failure;
        }
    }
}
