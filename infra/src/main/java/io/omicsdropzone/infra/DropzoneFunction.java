package io.omicsdropzone.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;


import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;


import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * One handler of {@code function.jar}: its own role (no managed policies), its own KMS-encrypted log group, a
 * java25/arm64 function with SnapStart, the {@value #ALIAS_NAME} alias every trigger invokes, the asynchronous
 * invocation settings on that alias, and error/throttle alarms.
 */
final class DropzoneFunction extends Construct {

    static final String ALIAS_NAME = "live";

    /**
     * java25: SnapStart supports "Java 11 and later" managed runtimes
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html), and AWS announced java25 with SnapStart
     * (https://aws.amazon.com/blogs/compute/aws-lambda-now-supports-java-25). function.jar is bytecode 17.
     */
    static final Runtime RUNTIME = Runtime.JAVA_25;

    static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";

    /**
     * C1 only, the default for a function: the tracking functions parse one event or poll a few batches, so a cold
     * JVM's first request matters and C2's peak throughput is never needed (bench/RESULTS.md, cold path).
     */
    static final String C1_ONLY = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    /**
     * The full tiered JIT (C1, then C2 for hot code), for the submit function: it streams files of up to 6 GB, and
     * C2 validates a large file markedly faster than C1 alone within the same invocation (bench/RESULTS.md). A
     * function's {@code JAVA_TOOL_OPTIONS} in {@link Settings#environment()} replaces {@link #C1_ONLY}.
     */
    static final String FULL_TIERED = "-XX:+TieredCompilation -XX:TieredStopAtLevel=4";

    /** What differs between the three handlers. */
    record Settings(
            String handler,
            String description,
            int memoryMb,
            Duration timeout,
            Duration maxEventAge,
            Map<String, String> environment,
            IQueue onFailure,
            Optional<Integer> reservedConcurrency) {
    }

    private final Role role;
    private final LogGroup logGroup;
    private final Function function;
    private final Alias alias;

    DropzoneFunction(Construct scope, String id, Code code, IKey logKey, int logRetentionDays, Settings settings) {
        super(scope, id);

        // A role per function: no AWSLambdaBasicExecutionRole (its logs statement is Resource "*"); log writes
        // are granted on this function's own log group only.
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("omics-dropzone " + id + " (" + settings.handler() + ")")
                .build();

        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .encryptionKey(logKey)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // Any CloudWatch Logs period (validated in DropzoneConfig), not only the ones the RetentionDays enum names.
        ((CfnLogGroup) logGroup.getNode().getDefaultChild()).setRetentionInDays(logRetentionDays);
        logGroup.grantWrite(role);

        // Sorted: a stable order keeps the template, and the version hash derived from it, identical across synths.
        Map<String, String> environment = new TreeMap<>(settings.environment());
        environment.putIfAbsent(JAVA_TOOL_OPTIONS, C1_ONLY);

        Function.Builder builder = Function.Builder.create(this, "Function")
                .description(settings.description())
                .runtime(RUNTIME)
                .architecture(Architecture.ARM_64)
                .handler(settings.handler())
                .code(code)
                .memorySize(settings.memoryMb())
                .timeout(settings.timeout())
                .role(role)
                .logGroup(logGroup)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.WARN)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(environment);
        settings.reservedConcurrency().ifPresent(builder::reservedConcurrentExecutions);
        this.function = builder.build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Every trigger invokes the '" + ALIAS_NAME + "' alias, which points at a published version");

        // S3, EventBridge and the schedule invoke the alias, so SnapStart applies and the asynchronous settings
        // must live on the alias qualifier (settings on the unqualified function would not apply to it).
        this.alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .retryAttempts(2)
                .maxEventAge(settings.maxEventAge())
                .onFailure(new SqsDestination(settings.onFailure()))
                .build();

        suppressNagFindings(settings.reservedConcurrency().isPresent());
    }

    Role role() {
        return role;
    }

    LogGroup logGroup() {
        return logGroup;
    }

    Function function() {
        return function;
    }

    Alias alias() {
        return alias;
    }

    /** Alarms on any error or throttle of this function (all versions), sent to the topic. */
    void alarmTo(ITopic topic) {
        MetricOptions sumOverFiveMinutes = MetricOptions.builder()
                .period(Duration.minutes(5))
                .statistic("Sum")
                .build();
        alarm("ErrorsAlarm", "returned errors (see its log group)", function.metricErrors(sumOverFiveMinutes), topic);
        alarm("ThrottlesAlarm", "was throttled (account or reserved concurrency)",
                function.metricThrottles(sumOverFiveMinutes), topic);
    }

    private void alarm(String id, String what, IMetric metric, ITopic topic) {
        AnyOccurrenceAlarm.create(this, id, "omics-dropzone " + getNode().getId() + " " + what + " in the last 5 minutes",
                metric, topic);
    }

    private void suppressNagFindings(boolean concurrencyReserved) {
        List<NagPackSuppression> suppressions = new ArrayList<>(List.of(
                NagPackSuppression.builder()
                        .id("HIPAA.Security-LambdaDLQ")
                        .reason("Failed asynchronous invocations go to an encrypted SQS on-failure destination on the '"
                                + ALIAS_NAME + "' alias (EventInvokeConfig), the recommended successor of "
                                + "DeadLetterConfig, which also records the error and the request context")
                        .build(),
                NagPackSuppression.builder()
                        .id("HIPAA.Security-LambdaInsideVPC")
                        .reason("The function accepts no inbound connections and only calls AWS APIs (S3, HealthOmics, "
                                + "DynamoDB, SNS, SQS) over TLS with SigV4; a VPC would need a NAT gateway or "
                                + "interface endpoints for each of them without changing where the data goes")
                        .build()));
        if (!concurrencyReserved) {
            suppressions.add(NagPackSuppression.builder()
                    .id("HIPAA.Security-LambdaConcurrency")
                    .reason("Reserved concurrency is opt-in (context 'reservedConcurrency'): reserving any fails "
                            + "deployment where the account quota leaves fewer than 100 unreserved executions (new "
                            + "accounts often have 10), and HealthOmics' StartRun quota bounds submissions anyway")
                    .build());
        }
        NagSuppressions.addResourceSuppressions(function, suppressions, true);
    }
}
