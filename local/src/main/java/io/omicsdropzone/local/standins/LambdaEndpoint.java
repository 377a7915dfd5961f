package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsdropzone.local.standins.iam.CallLedger;
import io.omicsdropzone.local.standins.iam.LedgerEntry;
import io.omicsdropzone.local.standins.iam.LedgerRole;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * A Lambda endpoint for the one call the dropzone makes, Invoke (Lambda API Reference, "Invoke",
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html): {@code POST /2015-03-31/functions/{FunctionName}/invocations}
 * with optional {@code ?Qualifier=} and {@code X-Amz-Invocation-Type}, SigV4-signed for service {@code lambda}.
 * Functions are in-JVM handlers (payload JSON → response JSON) registered by name or ARN, per qualifier.
 *
 * <ul>
 *   <li>{@code RequestResponse} (the default) runs the handler on the request thread: 200 with its result, or 200 with
 *       {@code X-Amz-Function-Error: Unhandled} and an {@code errorMessage}/{@code errorType} document when it throws;</li>
 *   <li>{@code Event} answers 202 with an empty body and hands the payload to a background thread, the stand-in for
 *       Lambda's asynchronous event queue. A throwing handler is tried twice more (immediately, not after Lambda's
 *       one and two minutes), then, when an on-failure destination is set, an invocation record goes to that SQS queue
 *       (Lambda Developer Guide, "How Lambda handles errors and retries with asynchronous invocation" and "Capturing
 *       records of Lambda asynchronous invocations", https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html);</li>
 *   <li>{@code DryRun} answers 204 without running anything.</li>
 * </ul>
 * Errors use the REST-JSON shape: {@code x-amzn-ErrorType} plus {@code {"Type":…,"message":…}}. From the Invoke page:
 * unknown function or qualifier → 404 ResourceNotFoundException; payload over 1 MB (Event) or 6 MB (RequestResponse) →
 * 413 RequestTooLargeException; a body that is not JSON → 400 InvalidRequestContentException; throttling → 429
 * TooManyRequestsException. Not modelled: versions and alias routing weights, concurrency, client context, log tails,
 * event age, and the one- and two-minute waits between asynchronous retries.
 */
public final class LambdaEndpoint implements AutoCloseable {

    /** One Invoke call as received, including rejected ones ({@code status} is what it was answered). */
    public record Invocation(String functionName, String qualifier, String invocationType, String payload,
                             Instant receivedAt, int status) {
    }

    static final int MAX_EVENT_PAYLOAD = 1_048_576;
    static final int MAX_SYNC_PAYLOAD = 6_291_456;
    static final String LATEST = "$LATEST";
    /** The FunctionName pattern from the Invoke page: optional ARN prefix, region, account, "function:", name, qualifier. */
    private static final Pattern FUNCTION_NAME = Pattern.compile(
            "(arn:(aws[a-zA-Z-]*)?:lambda:)?((?<region>[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}):)?"
                    + "((?<account>\\d{12}):)?(function:)?(?<name>[a-zA-Z0-9_.-]+)(:(?<qualifier>\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9_-]+))?");
    private static final Pattern INVOKE_PATH = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(LambdaEndpoint.class.getName());

    private record Target(String name, String qualifier) {
        String key() {
            return name + ":" + qualifier;
        }
    }

    private record Destination(SqsEndpoint sqs, String queueUrl) {
    }

    private final LocalHttpServer server;
    private final SigV4Verifier verifier;
    private final String region;
    private final String accountId;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Function<String, String>> handlers = new ConcurrentHashMap<>();
    private final Map<String, Destination> onFailure = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttlesToInject = new AtomicInteger();
    private final Map<String, LedgerRole> executionRoles = new ConcurrentHashMap<>();
    private volatile CallLedger ledger;
    /** Asynchronous events delivered at once (Lambda scales further; 8 is plenty to race deliveries on 2 cores). */
    static final int CONCURRENT_EXECUTIONS = 8;
    private final ExecutorService eventQueue;
    private final Object idle = new Object();
    private int pendingEvents;
    private volatile int asyncRetries = 2;

    private LambdaEndpoint(String region, String accountId, AwsCredentials credentials) {
        this.region = region;
        this.accountId = accountId;
        this.verifier = new SigV4Verifier("lambda", region, credentials, Clock.systemUTC());
        // Lambda runs queued events concurrently, each in an execution environment of its own.
        AtomicInteger environments = new AtomicInteger();
        this.eventQueue = Executors.newFixedThreadPool(CONCURRENT_EXECUTIONS, runnable -> {
            Thread thread = new Thread(runnable, "lambda-execution-" + environments.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = LocalHttpServer.start("lambda", this::handle);
    }

    /** Starts with the {@link StandIns} region, account and fixed credentials. */
    public static LambdaEndpoint start() {
        return start(StandIns.REGION, StandIns.ACCOUNT_ID, StandIns.CREDENTIALS);
    }

    public static LambdaEndpoint start(String region, String accountId, AwsCredentials credentials) {
        return new LambdaEndpoint(region, accountId, credentials);
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /**
     * Registers {@code handler} for a function name, {@code name:qualifier}, or (partial) ARN with or without a
     * qualifier, e.g. {@code arn:aws:lambda:us-east-1:123456789012:function:omics-dropzone-submit:live}. Without a
     * qualifier it is {@code $LATEST}; each qualifier is registered on its own.
     */
    public void register(String functionNameOrArn, Function<String, String> handler) {
        handlers.put(parseForSetUp(functionNameOrArn).key(), handler);
    }

    /**
     * Records every Invoke into {@code ledger} with its caller's role, and each on-failure record sent to SQS under the
     * function's execution role: Lambda sends destination records with the function's execution role
     * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html, "execution role ... permissions
     * for the destination"), so that role needs {@code sqs:SendMessage} on the queue.
     */
    public void recordCallsInto(CallLedger ledger) {
        this.ledger = ledger;
    }

    /** The execution role of a function (and qualifier), for the ledger entries Lambda itself makes on its behalf. */
    public void runsAs(String functionNameOrArn, LedgerRole role) {
        executionRoles.put(parseForSetUp(functionNameOrArn).key(), role);
    }

    /** Asynchronous invocations of this function (and qualifier) that fail every attempt send a record to the queue. */
    public void onFailure(String functionNameOrArn, SqsEndpoint sqs, String queueUrl) {
        onFailure.put(parseForSetUp(functionNameOrArn).key(), new Destination(sqs, queueUrl));
    }

    /**
     * An asynchronous invocation by an AWS service under the function's resource-based policy, not an Invoke call by
     * a caller: an S3 event notification ("Amazon S3 invokes your function asynchronously",
     * https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html) or an EventBridge rule's target ("EventBridge
     * invokes Lambda asynchronously", https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html). Queued,
     * retried and sent to the on-failure destination exactly like an {@code Event} invocation; not in
     * {@link #invocations()}, which lists Invoke calls.
     */
    public void deliverEvent(String functionNameOrArn, String payload) {
        Target target = parseForSetUp(functionNameOrArn);
        Function<String, String> handler = handlers.get(target.key());
        if (handler == null) {
            throw new IllegalArgumentException("no function registered as " + functionNameOrArn);
        }
        enqueue(target, handler, payload);
    }

    /** Attempts after the first for a failing asynchronous invocation: 2 as in Lambda, 0–2 as its MaximumRetryAttempts. */
    public void asyncRetries(int retries) {
        if (retries < 0 || retries > 2) {
            throw new IllegalArgumentException("MaximumRetryAttempts is 0 to 2");
        }
        this.asyncRetries = retries;
    }

    /** The next {@code count} Invoke calls answer 429 TooManyRequestsException (the SDK retries those). */
    public void throttleNext(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        throttlesToInject.set(count);
    }

    /** Every Invoke call received, in order, with the status it was answered. */
    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    /** Waits until every accepted Event invocation was delivered (and retried, and recorded); false on timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (pendingEvents > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                idle.wait(Math.max(1, remaining / 1_000_000));
            }
            return true;
        }
    }

    /** Forgets recorded invocations and pending throttles; handlers and destinations stay (they are set-up). */
    public void clear() {
        invocations.clear();
        throttlesToInject.set(0);
    }

    @Override
    public void close() {
        server.close();
        eventQueue.shutdownNow();
    }

    private LocalHttpServer.Response handle(LocalHttpServer.Request request) {
        String requestId = UUID.randomUUID().toString();
        SigV4Verifier.Outcome auth = verifier.verify(request);
        if (!auth.ok()) {
            String type = switch (auth.problem()) {
                case MISSING -> "MissingAuthenticationTokenException";
                case UNKNOWN_ACCESS_KEY -> "UnrecognizedClientException";
                case MALFORMED -> "IncompleteSignatureException";
                default -> "InvalidSignatureException";
            };
            return error(403, type, auth.message(), requestId);
        }
        Matcher path = INVOKE_PATH.matcher(request.rawPath());
        if (!"POST".equals(request.method()) || !path.matches()) {
            return error(404, "UnknownOperationException", "Only Invoke is modelled by this stand-in.", requestId);
        }
        String invocationType = request.header("x-amz-invocation-type") == null
                ? "RequestResponse" : request.header("x-amz-invocation-type");
        String payload = request.bodyText();
        String rawName = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
        String qualifierParameter = queryParameter(request.rawQuery(), "Qualifier");
        Instant receivedAt = clock.instant();
        Target target = new Target(rawName, qualifierParameter);
        LocalHttpServer.Response response;
        try {
            target = resolve(rawName, qualifierParameter);
            response = invoke(target, invocationType, payload, request.body().length, requestId);
        } catch (LambdaFault fault) {
            response = error(fault.status, fault.type, fault.getMessage(), requestId);
        }
        invocations.add(new Invocation(target.name(), target.qualifier(), invocationType, payload, receivedAt,
                response.status()));
        var into = ledger;
        if (into != null) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("function", rawName);
            if (qualifierParameter != null) {
                details.put("qualifier", qualifierParameter);
            }
            details.put("invocationType", invocationType);
            into.record(request.header("x-amz-security-token"), "lambda", "Invoke", response.status(), details);
        }
        return response;
    }

    private LocalHttpServer.Response invoke(Target target, String invocationType, String payload, int size, String requestId) {
        if (throttlesToInject.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw new LambdaFault(429, "TooManyRequestsException", "Rate Exceeded.");
        }
        Function<String, String> handler = handlers.get(target.key());
        if (handler == null) {
            throw new LambdaFault(404, "ResourceNotFoundException", "Function not found: " + arn(target));
        }
        int limit = "Event".equals(invocationType) ? MAX_EVENT_PAYLOAD : MAX_SYNC_PAYLOAD;
        if (size > limit) {
            throw new LambdaFault(413, "RequestTooLargeException", size + " byte payload is too large for the "
                    + invocationType + " invocation type (limit " + limit + " bytes)");
        }
        if (!payload.isEmpty()) {
            try {
                JSON.readTree(payload);
            } catch (JsonProcessingException e) {
                throw new LambdaFault(400, "InvalidRequestContentException",
                        "Could not parse request body into json: " + e.getOriginalMessage());
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amzn-RequestId", requestId);
        switch (invocationType) {
            case "DryRun":
                return new LocalHttpServer.Response(204, headers, new byte[0]);
            case "Event":
                enqueue(target, handler, payload);
                return new LocalHttpServer.Response(202, headers, new byte[0]);
            case "RequestResponse":
                headers.put("X-Amz-Executed-Version", LATEST);
                try {
                    String result = handler.apply(payload);
                    return LocalHttpServer.Response.of(200, "application/json", result == null ? "null" : result, headers);
                } catch (RuntimeException e) {
                    headers.put("X-Amz-Function-Error", "Unhandled");
                    return LocalHttpServer.Response.of(200, "application/json", errorDocument(e).toString(), headers);
                }
            default:
                throw new LambdaFault(400, "InvalidParameterValueException",
                        "1 validation error detected: Value '" + invocationType
                                + "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
    }

    private void enqueue(Target target, Function<String, String> handler, String payload) {
        synchronized (idle) {
            pendingEvents++;
        }
        eventQueue.execute(() -> {
            try {
                deliver(target, handler, payload);
            } finally {
                synchronized (idle) {
                    pendingEvents--;
                    idle.notifyAll();
                }
            }
        });
    }

    private void deliver(Target target, Function<String, String> handler, String payload) {
        RuntimeException last = null;
        int attempts = 0;
        for (int attempt = 0; attempt <= asyncRetries; attempt++) {
            attempts++;
            try {
                handler.apply(payload);
                return;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        Destination destination = onFailure.get(target.key());
        if (destination == null) {
            LOG.log(System.Logger.Level.INFO, "asynchronous invocation of " + arn(target) + " failed " + attempts
                    + " times and was dropped (no on-failure destination): " + last);
            return;
        }
        var into = ledger;
        var role = executionRoles.get(target.key());
        if (into != null && role != null) {
            String queueUrl = destination.queueUrl();
            into.record(new LedgerEntry(role.label(), "sqs", "SendMessage", 200,
                    Map.of("queue", queueUrl.substring(queueUrl.lastIndexOf('/') + 1), "sentBy", "lambda-destination")));
        }
        try {
            destination.sqs().sendMessage(destination.queueUrl(), failureRecord(target, payload, attempts, last).toString());
        } catch (RuntimeException e) {
            // Lambda counts these as DestinationDeliveryFailures; here the test sees a missing record and this line.
            LOG.log(System.Logger.Level.WARNING, "could not send the on-failure record of " + arn(target), e);
        }
    }

    /** The on-failure invocation record, as in "Capturing records of Lambda asynchronous invocations". */
    private ObjectNode failureRecord(Target target, String payload, int attempts, RuntimeException error) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("version", "1.0");
        record.put("timestamp", clock.instant().toString());
        ObjectNode context = record.putObject("requestContext");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("functionArn", arn(target) + (target.qualifier().equals(LATEST) ? ":" + LATEST : ""));
        context.put("condition", "RetriesExhausted");
        context.put("approximateInvokeCount", attempts);
        try {
            record.set("requestPayload", payload.isEmpty() ? JsonNodeFactory.instance.objectNode() : JSON.readTree(payload));
        } catch (JsonProcessingException e) {
            record.put("requestPayload", payload); // not reached: Invoke rejected non-JSON payloads already
        }
        ObjectNode response = record.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", LATEST);
        response.put("functionError", "Unhandled");
        record.set("responsePayload", errorDocument(error));
        return record;
    }

    /** What the Java runtime reports for an uncaught exception. */
    private static ObjectNode errorDocument(RuntimeException e) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("errorMessage", String.valueOf(e.getMessage()));
        document.put("errorType", e.getClass().getName());
        var trace = document.putArray("stackTrace");
        for (StackTraceElement element : e.getStackTrace()) {
            trace.add(element.toString());
        }
        return document;
    }

    /** FunctionName (+ Qualifier) → name and qualifier, checking region, account and the two qualifiers agree. */
    private Target resolve(String functionName, String qualifierParameter) {
        Matcher matcher = FUNCTION_NAME.matcher(functionName);
        if (!matcher.matches()) {
            throw new LambdaFault(400, "ValidationException", "1 validation error detected: Value '" + functionName
                    + "' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + FUNCTION_NAME.pattern());
        }
        String name = matcher.group("name");
        String derived = matcher.group("qualifier");
        if (derived != null && qualifierParameter != null && !derived.equals(qualifierParameter)) {
            throw new LambdaFault(400, "InvalidParameterValueException",
                    "The derived qualifier from the function name does not match the specified qualifier.");
        }
        String qualifier = derived != null ? derived : qualifierParameter != null ? qualifierParameter : LATEST;
        Target target = new Target(name, qualifier);
        String arnRegion = matcher.group("region");
        String arnAccount = matcher.group("account");
        if ((arnRegion != null && !arnRegion.equals(region)) || (arnAccount != null && !arnAccount.equals(accountId))) {
            throw new LambdaFault(404, "ResourceNotFoundException", "Function not found: " + functionName);
        }
        return target;
    }

    private Target parseForSetUp(String functionNameOrArn) {
        try {
            return resolve(functionNameOrArn, null);
        } catch (LambdaFault e) {
            throw new IllegalArgumentException("not a function name or ARN of " + region + "/" + accountId + ": "
                    + functionNameOrArn, e);
        }
    }

    private String arn(Target target) {
        String base = "arn:aws:lambda:" + region + ":" + accountId + ":function:" + target.name();
        return target.qualifier().equals(LATEST) ? base : base + ":" + target.qualifier();
    }

    private static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static LocalHttpServer.Response error(int status, String type, String message, String requestId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("Type", status >= 500 ? "Service" : "User")
                .put("message", message);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amzn-RequestId", requestId);
        headers.put("x-amzn-ErrorType", type);
        return LocalHttpServer.Response.of(status, "application/json", body.toString(), headers);
    }

    /** An Invoke error before any handler ran. */
    private static final class LambdaFault extends RuntimeException {
        final int status;
        final String type;

        LambdaFault(int status, String type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }
}
