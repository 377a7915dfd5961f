package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsdropzone.local.standins.iam.CallLedger;
import io.omicsdropzone.local.standins.iam.WireCalls;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * An SQS endpoint speaking the AWS JSON 1.0 protocol that SDK v2's {@code SqsClient} uses (since 2.21): {@code POST /}
 * with {@code X-Amz-Target: AmazonSQS.<Operation>} and {@code Content-Type: application/x-amz-json-1.0}, answered in
 * JSON; errors carry {@code __type} ({@code com.amazonaws.sqs#QueueDoesNotExist} …), {@code message} and the
 * {@code x-amzn-query-error} header with the legacy Query code (SQS Developer Guide, "Interpreting Amazon SQS JSON API
 * responses", https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-api-responses.html).
 * Captured from SDK 2.57.8: {@code POST /}, {@code X-Amz-Target: AmazonSQS.ReceiveMessage},
 * {@code Content-Type: application/x-amz-json-1.0}, {@code x-amzn-query-mode: true}, body
 * {@code {"QueueUrl":…,"MaxNumberOfMessages":10,"WaitTimeSeconds":1}}. Every request must carry a valid SigV4
 * signature for service {@code sqs}, the configured region and credentials.
 *
 * <p>Operations: CreateQueue, GetQueueUrl, SendMessage, ReceiveMessage, DeleteMessage, ChangeMessageVisibility,
 * GetQueueAttributes, PurgeQueue (behaviour in {@link SqsQueue}). Queue URLs are {@code http://127.0.0.1:PORT/ACCOUNT/NAME}.
 * The queue clock (visibility, delays, retention, purge interval) is separate from the signature clock, so a test can
 * move it forward hours without the requests' signatures expiring.
 */
public final class SqsEndpoint implements AutoCloseable {

    static final Set<String> OPERATIONS = Set.of("CreateQueue", "GetQueueUrl", "SendMessage", "ReceiveMessage",
            "DeleteMessage", "ChangeMessageVisibility", "GetQueueAttributes", "PurgeQueue");
    /** API_CreateQueue: "up to 80 characters … alphanumeric characters, hyphens (-), and underscores (_)". */
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    /** API_ReceiveMessage: the system attributes a receive can ask for; "All" asks for every one. */
    private static final List<String> SYSTEM_ATTRIBUTES =
            List.of("SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private record InjectedFailure(int status, String type, int[] remaining) {
    }

    private final LocalHttpServer server;
    private final SigV4Verifier verifier;
    private final String region;
    private final String accountId;
    private final AwsCredentials credentials;
    private final Clock queueClock;
    private final Map<String, SqsQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, InjectedFailure> failures = new ConcurrentHashMap<>();
    private volatile Duration longPollCap = Duration.ofSeconds(20);

    private SqsEndpoint(String region, String accountId, AwsCredentials credentials, Clock queueClock) {
        this.region = region;
        this.accountId = accountId;
        this.credentials = credentials;
        this.queueClock = queueClock;
        this.verifier = new SigV4Verifier("sqs", region, credentials, Clock.systemUTC());
        this.server = LocalHttpServer.start("sqs", this::handle);
    }

    /** Starts with the {@link StandIns} region, account and fixed credentials, on the system clock. */
    public static SqsEndpoint start() {
        return start(StandIns.REGION, StandIns.ACCOUNT_ID, StandIns.CREDENTIALS);
    }

    public static SqsEndpoint start(String region, String accountId, AwsCredentials credentials) {
        return start(region, accountId, credentials, Clock.systemUTC());
    }

    /** {@code queueClock} drives visibility timeouts, delays, retention and the purge interval. */
    public static SqsEndpoint start(String region, String accountId, AwsCredentials credentials, Clock queueClock) {
        return new SqsEndpoint(region, accountId, credentials, queueClock);
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** Creates a queue from Java (set-up for tests and the local runner) and returns its URL; idempotent. */
    public String createQueue(String name) {
        return createQueue(name, Map.of()).url();
    }

    /** Sends a message from Java, as another producer (e.g. Lambda's on-failure destination) would. */
    public String sendMessage(String queueUrl, String body) {
        return existingQueue(queueUrl).send(body, Map.of(), null);
    }

    /** Every body still in the queue (visible, delayed or in flight), oldest first. */
    public List<String> messageBodies(String queueUrl) {
        return existingQueue(queueUrl).bodies();
    }

    /** Calls received for an operation, including rejected and injected failures (SDK retries count one each). */
    public int calls(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    /**
     * The next {@code count} calls of {@code operation} answer {@code httpStatus} with {@code __type} {@code errorType}
     * (its legacy Query code is the same name). 500 {@code InternalError} and 400 {@code RequestThrottled} are
     * retried by the SDK; other 4xx are not.
     */
    public void failNext(String operation, int count, int httpStatus, String errorType) {
        if (!OPERATIONS.contains(operation)) {
            throw new IllegalArgumentException("unknown operation " + operation + "; expected one of " + OPERATIONS);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        failures.put(operation, new InjectedFailure(httpStatus, errorType, new int[] {count}));
    }

    /** The longest a ReceiveMessage waits with WaitTimeSeconds (20 s, the SQS maximum, unless lowered for tests). */
    public void longPollCap(Duration cap) {
        this.longPollCap = cap;
    }

    /** Forgets queues, call counts and pending injected failures. */
    public void clear() {
        queues.clear();
        calls.clear();
        failures.clear();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Records every call with its caller's role into {@code ledger} (status 0: recorded as received). */
    public void recordCallsInto(CallLedger ledger) {
        this.ledger = ledger;
    }

    private volatile CallLedger ledger;

    private LocalHttpServer.Response handle(LocalHttpServer.Request request) {
        String requestId = UUID.randomUUID().toString();
        SigV4Verifier.Outcome auth = verifier.verify(request);
        if (!auth.ok()) {
            String code = auth.queryErrorCode();
            return error(new SqsFault(403, code, code, auth.message()), requestId);
        }
        String target = request.header("x-amz-target");
        String operation = target != null && target.startsWith("AmazonSQS.") ? target.substring("AmazonSQS.".length()) : "";
        if (!"POST".equals(request.method()) || !OPERATIONS.contains(operation)) {
            return error(new SqsFault(400, "UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation",
                    "The operation " + operation + " is not supported by this stand-in."), requestId);
        }
        calls.computeIfAbsent(operation, key -> new AtomicInteger()).incrementAndGet();
        var into = ledger;
        if (into != null) {
            into.record(request.header("x-amz-security-token"), "sqs", operation, 0,
                    WireCalls.sqsDetails(
                            WireCalls.json(request.body())));
        }
        InjectedFailure failure = failures.get(operation);
        if (failure != null && failure.remaining()[0] > 0) {
            synchronized (failure) {
                if (failure.remaining()[0] > 0) {
                    failure.remaining()[0]--;
                    return error(new SqsFault(failure.status(), failure.type(), failure.type(),
                            "Injected by SqsEndpoint."), requestId);
                }
            }
        }
        try {
            JsonNode body = request.body().length == 0 ? NODES.objectNode() : JSON.readTree(request.body());
            if (body == null || !body.isObject()) {
                throw SqsFault.invalidParameterValue("The request body must be a JSON object.");
            }
            ObjectNode result = switch (operation) {
                case "CreateQueue" -> createQueue(body);
                case "GetQueueUrl" -> getQueueUrl(body);
                case "SendMessage" -> sendMessage(body);
                case "ReceiveMessage" -> receiveMessage(body);
                case "DeleteMessage" -> deleteMessage(body);
                case "ChangeMessageVisibility" -> changeMessageVisibility(body);
                case "GetQueueAttributes" -> getQueueAttributes(body);
                case "PurgeQueue" -> purgeQueue(body);
                default -> throw new IllegalStateException(operation);
            };
            return LocalHttpServer.Response.of(200, "application/x-amz-json-1.0", result.toString(),
                    Map.of("x-amzn-RequestId", requestId));
        } catch (JsonProcessingException e) {
            return error(new SqsFault(400, "SerializationException", "SerializationException",
                    "The request body is not valid JSON."), requestId);
        } catch (SqsFault fault) {
            return error(fault, requestId);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** API_CreateQueue. */
    private ObjectNode createQueue(JsonNode body) {
        String name = requiredText(body, "QueueName");
        Map<String, String> attributes = new LinkedHashMap<>();
        body.path("Attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        return NODES.objectNode().put("QueueUrl", createQueue(name, attributes).url());
    }

    private SqsQueue createQueue(String name, Map<String, String> attributes) {
        if (!QUEUE_NAME.matcher(name).matches()) {
            throw SqsFault.invalidParameterValue("Can only include alphanumeric characters, hyphens, or underscores. "
                    + "1 to 80 in length");
        }
        SqsQueue.validateAttributes(attributes);
        SqsQueue queue = queues.computeIfAbsent(name, key -> new SqsQueue(key, endpoint() + "/" + accountId + "/" + key,
                "arn:aws:sqs:" + region + ":" + accountId + ":" + key, attributes, queueClock));
        if (!queue.sameAttributes(attributes)) {
            // API_CreateQueue: a name reused with other attribute values is QueueNameExists (legacy QueueAlreadyExists).
            throw new SqsFault(400, "QueueNameExists", "QueueAlreadyExists",
                    "A queue already exists with the same name and a different value for attribute(s) "
                            + String.join(", ", attributes.keySet()));
        }
        return queue;
    }

    /** API_GetQueueUrl. */
    private ObjectNode getQueueUrl(JsonNode body) {
        String name = requiredText(body, "QueueName");
        String owner = body.path("QueueOwnerAWSAccountId").asText(accountId);
        SqsQueue queue = owner.equals(accountId) ? queues.get(name) : null;
        if (queue == null) {
            throw SqsFault.queueDoesNotExist();
        }
        return NODES.objectNode().put("QueueUrl", queue.url());
    }

    /** API_SendMessage. */
    private ObjectNode sendMessage(JsonNode body) {
        SqsQueue queue = queue(requiredText(body, "QueueUrl"));
        String messageBody = requiredText(body, "MessageBody");
        if (messageBody.isEmpty()) {
            throw SqsFault.invalidParameterValue("The request must contain the parameter MessageBody.");
        }
        // API_SendMessage: only #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF are allowed.
        if (!messageBody.codePoints().allMatch(SqsEndpoint::allowedCharacter)) {
            throw new SqsFault(400, "InvalidMessageContents", "InvalidMessageContents",
                    "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
        }
        Integer delay = body.hasNonNull("DelaySeconds") ? intInRange(body, "DelaySeconds", 0, 900) : null;
        Map<String, SqsQueue.MessageAttribute> attributes = messageAttributes(body.path("MessageAttributes"));
        String messageId = queue.send(messageBody, attributes, delay);
        ObjectNode result = NODES.objectNode().put("MessageId", messageId).put("MD5OfMessageBody", md5Hex(messageBody));
        if (!attributes.isEmpty()) {
            result.put("MD5OfMessageAttributes", md5OfAttributes(attributes));
        }
        return result;
    }

    /** API_ReceiveMessage: MaxNumberOfMessages 1–10, VisibilityTimeout 0–43200, WaitTimeSeconds 0–20. */
    private ObjectNode receiveMessage(JsonNode body) {
        SqsQueue queue = queue(requiredText(body, "QueueUrl"));
        int max = body.hasNonNull("MaxNumberOfMessages") ? intInRange(body, "MaxNumberOfMessages", 1, 10) : 1;
        int visibility = body.hasNonNull("VisibilityTimeout")
                ? intInRange(body, "VisibilityTimeout", 0, 43_200) : queue.visibilityTimeout();
        int waitSeconds = body.hasNonNull("WaitTimeSeconds")
                ? intInRange(body, "WaitTimeSeconds", 0, 20) : queue.receiveWaitTimeSeconds();
        Duration wait = Duration.ofSeconds(waitSeconds);
        if (wait.compareTo(longPollCap) > 0) {
            wait = longPollCap;
        }
        Set<String> systemNames = new LinkedHashSet<>();
        body.path("AttributeNames").forEach(n -> systemNames.add(n.asText()));
        body.path("MessageSystemAttributeNames").forEach(n -> systemNames.add(n.asText()));
        List<String> attributeFilters = new ArrayList<>();
        body.path("MessageAttributeNames").forEach(n -> attributeFilters.add(n.asText()));
        List<SqsQueue.Received> received;
        try {
            received = queue.receive(max, Duration.ofSeconds(visibility), wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqsFault(500, "InternalError", "InternalError", "The stand-in is shutting down.");
        }
        ObjectNode result = NODES.objectNode();
        if (received.isEmpty()) {
            return result;
        }
        ArrayNode messages = result.putArray("Messages");
        for (SqsQueue.Received message : received) {
            ObjectNode node = messages.addObject()
                    .put("MessageId", message.messageId())
                    .put("ReceiptHandle", message.receiptHandle())
                    .put("MD5OfBody", md5Hex(message.body()))
                    .put("Body", message.body());
            Map<String, String> system = new LinkedHashMap<>();
            system.put("SenderId", credentials.accessKeyId());
            system.put("SentTimestamp", Long.toString(message.sentAt().toEpochMilli()));
            system.put("ApproximateReceiveCount", Integer.toString(message.receiveCount()));
            system.put("ApproximateFirstReceiveTimestamp", Long.toString(message.firstReceivedAt().toEpochMilli()));
            ObjectNode attributes = NODES.objectNode();
            system.forEach((name, value) -> {
                if (systemNames.contains("All") || systemNames.contains(name)) {
                    attributes.put(name, value);
                }
            });
            if (!attributes.isEmpty()) {
                node.set("Attributes", attributes);
            }
            Map<String, SqsQueue.MessageAttribute> selected = new TreeMap<>();
            message.attributes().forEach((name, value) -> {
                if (attributeFilters.stream().anyMatch(filter -> matches(filter, name))) {
                    selected.put(name, value);
                }
            });
            if (!selected.isEmpty()) {
                node.put("MD5OfMessageAttributes", md5OfAttributes(selected));
                ObjectNode out = node.putObject("MessageAttributes");
                selected.forEach((name, value) -> {
                    ObjectNode attribute = out.putObject(name).put("DataType", value.dataType());
                    if (value.stringValue() != null) {
                        attribute.put("StringValue", value.stringValue());
                    } else {
                        attribute.put("BinaryValue", Base64.getEncoder().encodeToString(value.binaryValue()));
                    }
                });
            }
        }
        return result;
    }

    /** API_DeleteMessage. */
    private ObjectNode deleteMessage(JsonNode body) {
        SqsQueue queue = queue(requiredText(body, "QueueUrl"));
        queue.delete(requiredText(body, "ReceiptHandle"));
        return NODES.objectNode();
    }

    /** API_ChangeMessageVisibility: VisibilityTimeout 0–43200, counted from this call. */
    private ObjectNode changeMessageVisibility(JsonNode body) {
        SqsQueue queue = queue(requiredText(body, "QueueUrl"));
        String handle = requiredText(body, "ReceiptHandle");
        if (!body.hasNonNull("VisibilityTimeout")) {
            throw SqsFault.missingParameter("VisibilityTimeout");
        }
        queue.changeVisibility(handle, intInRange(body, "VisibilityTimeout", 0, 43_200));
        return NODES.objectNode();
    }

    /** API_GetQueueAttributes. */
    private ObjectNode getQueueAttributes(JsonNode body) {
        SqsQueue queue = queue(requiredText(body, "QueueUrl"));
        Set<String> names = new LinkedHashSet<>();
        body.path("AttributeNames").forEach(n -> names.add(n.asText()));
        ObjectNode result = NODES.objectNode();
        if (!names.isEmpty()) {
            ObjectNode attributes = result.putObject("Attributes");
            queue.attributes(names).forEach(attributes::put);
        }
        return result;
    }

    /** API_PurgeQueue. */
    private ObjectNode purgeQueue(JsonNode body) {
        queue(requiredText(body, "QueueUrl")).purge();
        return NODES.objectNode();
    }

    /** A queue URL's last two path segments are ACCOUNT/NAME; the host is not checked (SDKs may rewrite it). */
    private SqsQueue queue(String queueUrl) {
        String path;
        try {
            path = URI.create(queueUrl).getPath();
        } catch (IllegalArgumentException e) {
            throw SqsFault.queueDoesNotExist();
        }
        String[] segments = path == null ? new String[0] : path.split("/");
        if (segments.length < 2 || !segments[segments.length - 2].equals(accountId)) {
            throw SqsFault.queueDoesNotExist();
        }
        SqsQueue queue = queues.get(segments[segments.length - 1]);
        if (queue == null) {
            throw SqsFault.queueDoesNotExist();
        }
        return queue;
    }

    /** For the Java-side helpers: a missing queue is a test set-up mistake, not an SQS error. */
    private SqsQueue existingQueue(String queueUrl) {
        try {
            return queue(queueUrl);
        } catch (SqsFault e) {
            throw new IllegalArgumentException("no queue at " + queueUrl, e);
        }
    }

    private static Map<String, SqsQueue.MessageAttribute> messageAttributes(JsonNode node) {
        Map<String, SqsQueue.MessageAttribute> attributes = new TreeMap<>();
        if (node.size() > 10) {
            throw SqsFault.invalidParameterValue("Number of message attributes [" + node.size()
                    + "] exceeds the allowed maximum [10].");
        }
        node.fields().forEachRemaining(entry -> {
            String dataType = entry.getValue().path("DataType").asText("");
            JsonNode string = entry.getValue().get("StringValue");
            JsonNode binary = entry.getValue().get("BinaryValue");
            if (dataType.isEmpty() || (string == null && binary == null)) {
                throw SqsFault.invalidParameterValue("The message attribute '" + entry.getKey()
                        + "' must contain non-empty message attribute value and type.");
            }
            attributes.put(entry.getKey(), new SqsQueue.MessageAttribute(dataType,
                    string != null ? string.asText() : null,
                    string != null ? null : Base64.getDecoder().decode(binary.asText())));
        });
        return attributes;
    }

    /** MessageAttributeNames: "All" or ".*" selects all; "prefix.*" selects by prefix; otherwise exact names. */
    private static boolean matches(String filter, String name) {
        if (filter.equals("All") || filter.equals(".*")) {
            return true;
        }
        if (filter.endsWith(".*")) {
            return name.startsWith(filter.substring(0, filter.length() - 1));
        }
        return filter.equals(name);
    }

    private static boolean allowedCharacter(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    private static String requiredText(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            throw SqsFault.missingParameter(name);
        }
        return value.asText();
    }

    private static int intInRange(JsonNode body, String name, int min, int max) {
        JsonNode value = body.get(name);
        if (!value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            throw SqsFault.invalidParameterValue("Value " + value.asText() + " for parameter " + name
                    + " is invalid. Reason: Must be between " + min + " and " + max + ", if provided.");
        }
        return value.asInt();
    }

    static String md5Hex(String text) {
        return HexFormat.of().formatHex(md5().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The digest SDKs check for message attributes (SQS Developer Guide, "Calculating the MD5 message digest for
     * message attributes"): per attribute in name order, length-prefixed name, data type, a transport byte (1 string,
     * 2 binary) and length-prefixed value.
     */
    static String md5OfAttributes(Map<String, SqsQueue.MessageAttribute> attributes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new TreeMap<>(attributes).forEach((name, value) -> {
            lengthPrefixed(bytes, name.getBytes(StandardCharsets.UTF_8));
            lengthPrefixed(bytes, value.dataType().getBytes(StandardCharsets.UTF_8));
            if (value.stringValue() != null) {
                bytes.write(1);
                lengthPrefixed(bytes, value.stringValue().getBytes(StandardCharsets.UTF_8));
            } else {
                bytes.write(2);
                lengthPrefixed(bytes, value.binaryValue());
            }
        });
        return HexFormat.of().formatHex(md5().digest(bytes.toByteArray()));
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
        out.writeBytes(value);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalHttpServer.Response error(SqsFault fault, String requestId) {
        ObjectNode body = NODES.objectNode()
                .put("__type", "com.amazonaws.sqs#" + fault.type())
                .put("message", fault.getMessage());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amzn-RequestId", requestId);
        headers.put("x-amzn-query-error", fault.queryErrorHeader());
        return LocalHttpServer.Response.of(fault.status(), "application/x-amz-json-1.0", body.toString(), headers);
    }
}
