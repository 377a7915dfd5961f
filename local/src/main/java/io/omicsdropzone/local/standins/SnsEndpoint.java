package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * An SNS endpoint speaking the AWS Query protocol the way SDK v2's {@code SnsClient} uses it: a form-encoded
 * {@code POST /} carrying {@code Action=Publish} (or {@code CreateTopic}), answered with SNS's XML documents and its XML
 * error shape. Every request must carry a valid SigV4 signature for service {@code sns}, the configured region and the
 * fixed test credentials.
 *
 * <p>Publish accepts any well-formed topic ARN {@code arn:aws:sns:REGION:ACCOUNT:NAME} unless
 * {@link #requireExistingTopics(boolean)} is on, in which case only topics made with CreateTopic exist and others answer
 * 404 {@code NotFound}. SMS and platform endpoints are not modelled.
 *
 * <p>FIFO topics follow SNS's own rules ("Publish", https://docs.aws.amazon.com/sns/latest/api/API_Publish.html;
 * "Message deduplication for FIFO topics", https://docs.aws.amazon.com/sns/latest/dg/fifo-message-dedup.html): a
 * topic whose name ends in {@code .fifo} is FIFO (CreateTopic needs {@code FifoTopic=true} for such a name); every
 * publish to it needs a {@code MessageGroupId}, and a {@code MessageDeduplicationId} unless the topic was created with
 * {@code ContentBasedDeduplication=true} (then the SHA-256 of the body stands in); a repeat of a deduplication id
 * within 5 minutes of the first accepted publish is answered 200 but not delivered (not added to
 * {@link #published()}). A standard topic refuses {@code MessageDeduplicationId}. The window runs on
 * {@link #deduplicationClock(Clock)}, which tests move forward. The pages document these rules, not the error
 * messages: the codes are SNS's ({@code InvalidParameter}, 400), the message texts are ours.
 */
public final class SnsEndpoint implements AutoCloseable {

    /**
     * One successful Publish. {@code attributes} holds every message attribute that has a StringValue (String,
     * Number and String.Array data types) as name → value; Binary attributes are left out.
     *
     * @param message          what a subscriber without a protocol-specific entry receives: the Message, or with
     *                         {@code MessageStructure=json} its {@code default} entry
     * @param protocolMessages with {@code MessageStructure=json}, the entries for specific protocols (empty otherwise)
     */
    public record PublishedMessage(String messageId, String topicArn, String subject, String message,
                                   Map<String, String> attributes, Map<String, String> protocolMessages) {
        public PublishedMessage {
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
            protocolMessages = Collections.unmodifiableMap(new LinkedHashMap<>(protocolMessages));
        }

        /** What a subscription of {@code protocol} ({@code email}, {@code sqs}, {@code lambda}, ...) receives. */
        public String messageFor(String protocol) {
            if (!PROTOCOLS.contains(protocol)) {
                throw new IllegalArgumentException("not an SNS subscription protocol: " + protocol);
            }
            return protocolMessages.getOrDefault(protocol, message);
        }
    }

    /**
     * The keys of a {@code MessageStructure=json} message that name a delivery protocol; others are ignored
     * ("Publish", Message and MessageStructure, https://docs.aws.amazon.com/sns/latest/api/API_Publish.html).
     */
    static final Set<String> PROTOCOLS = Set.of("http", "https", "email", "email-json", "sqs", "lambda", "sms",
            "application", "firehose");

    private static final String XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/";
    private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    private static final Pattern FIFO_ID = Pattern.compile("[A-Za-z0-9!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]{1,128}");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");
    private static final Set<String> DATA_TYPES = Set.of("String", "Number", "Binary", "String.Array");
    private static final int MAX_MESSAGE_BYTES = 262_144;
    /** Duplicate keys in a MessageStructure=json message are refused by SNS ("Duplicate keys are not allowed"). */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final LocalHttpServer server;
    private final SigV4Verifier verifier;
    private final String region;
    private final String accountId;
    private final List<PublishedMessage> published = new CopyOnWriteArrayList<>();
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failuresToInject = new AtomicInteger();
    private final AtomicInteger publishCalls = new AtomicInteger();
    private volatile boolean requireExistingTopics;
    /** FIFO topics made with CreateTopic, by ARN; a .fifo ARN never created has neither option. */
    private final Map<String, FifoTopic> fifoTopics = new ConcurrentHashMap<>();
    /** Deduplication scope (topic, or topic + group) → when the id was first accepted, and the message id given. */
    private final Map<String, Accepted> deduplication = new ConcurrentHashMap<>();
    private final AtomicInteger duplicatesDropped = new AtomicInteger();
    private final AtomicLong sequenceNumber = new AtomicLong(10_000_000_000_000_000L);
    private volatile Clock deduplicationClock = Clock.systemUTC();

    /** SNS FIFO deduplication interval: 5 minutes (fifo-message-dedup.html). */
    static final Duration DEDUPLICATION_INTERVAL = Duration.ofMinutes(5);

    /** What CreateTopic set on a FIFO topic: content-based deduplication, and deduplication per message group. */
    private record FifoTopic(boolean contentBasedDeduplication, boolean perMessageGroup) {
    }

    private record Accepted(Instant at, String messageId) {
    }

    private SnsEndpoint(String region, String accountId, AwsCredentials credentials) {
        this.region = region;
        this.accountId = accountId;
        this.verifier = new SigV4Verifier("sns", region, credentials, Clock.systemUTC());
        this.server = LocalHttpServer.start("sns", this::handle);
    }

    /** Starts with the {@link StandIns} region, account and fixed credentials. */
    public static SnsEndpoint start() {
        return start(StandIns.REGION, StandIns.ACCOUNT_ID, StandIns.CREDENTIALS);
    }

    public static SnsEndpoint start(String region, String accountId, AwsCredentials credentials) {
        return new SnsEndpoint(region, accountId, credentials);
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** Successful publishes only, in the order they were accepted. */
    public List<PublishedMessage> published() {
        return List.copyOf(published);
    }

    /** Every Publish call received, including rejected and injected failures (SDK retries count one each). */
    public int publishCalls() {
        return publishCalls.get();
    }

    /** The next {@code count} Publish calls answer HTTP 500 {@code InternalError} (the SDK retries those). */
    public void failNextPublishes(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        failuresToInject.set(count);
    }

    /** When on, Publish to a topic not made with CreateTopic answers 404 {@code NotFound}. Off by default. */
    public void requireExistingTopics(boolean require) {
        this.requireExistingTopics = require;
    }

    /** The clock of the FIFO deduplication interval (the signature check keeps the real one). */
    public void deduplicationClock(Clock clock) {
        this.deduplicationClock = clock;
    }

    /** Publishes to FIFO topics that SNS accepted (200) but did not deliver: repeats within the interval. */
    public int duplicatesDropped() {
        return duplicatesDropped.get();
    }

    /** Forgets published messages, pending injected failures and the call count. Topics made with CreateTopic and
     *  {@link #requireExistingTopics(boolean)} stay as they are (they are set-up, like buckets). */
    public void clear() {
        published.clear();
        failuresToInject.set(0);
        publishCalls.set(0);
        deduplication.clear();
        duplicatesDropped.set(0);
    }

    @Override
    public void close() {
        server.close();
    }

    private LocalHttpServer.Response handle(LocalHttpServer.Request request) {
        String requestId = UUID.randomUUID().toString();
        SigV4Verifier.Outcome auth = verifier.verify(request);
        if (!auth.ok()) {
            String code = auth.queryErrorCode();
            return error(403, "Sender", code, auth.message(), requestId);
        }
        if (!"POST".equals(request.method())) {
            return error(400, "Sender", "InvalidAction", "SNS accepts form-encoded POST requests only.", requestId);
        }
        Map<String, String> form = parseForm(request.bodyText());
        String action = form.getOrDefault("Action", "");
        return switch (action) {
            case "Publish" -> publish(form, requestId);
            case "CreateTopic" -> createTopic(form, requestId);
            default -> error(400, "Sender", "InvalidAction",
                    "The action " + action + " is not valid for this endpoint.", requestId);
        };
    }

    private LocalHttpServer.Response createTopic(Map<String, String> form, String requestId) {
        String name = form.get("Name");
        if (name == null || !TOPIC_NAME.matcher(name).matches()) {
            return error(400, "Sender", "InvalidParameter",
                    "Invalid parameter: Topic Name", requestId);
        }
        Map<String, String> attributes = topicAttributes(form);
        boolean fifo = "true".equalsIgnoreCase(attributes.get("FifoTopic"));
        // A FIFO topic's name must end in .fifo, and a .fifo name needs FifoTopic=true (CreateTopic, Name and
        // Attributes FifoTopic, https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html).
        if (fifo != name.endsWith(".fifo")) {
            return error(400, "Sender", "InvalidParameter", fifo
                    ? "Invalid parameter: Fifo Topic names must end with .fifo and must be made up of only uppercase"
                    + " and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256"
                    + " characters long."
                    : "Invalid parameter: Topic Name", requestId);
        }
        String arn = "arn:aws:sns:" + region + ":" + accountId + ":" + name;
        topics.add(arn);
        if (fifo) {
            fifoTopics.put(arn, new FifoTopic("true".equalsIgnoreCase(attributes.get("ContentBasedDeduplication")),
                    "MessageGroup".equals(attributes.get("FifoThroughputScope"))));
        }
        return xml(200, "<CreateTopicResponse xmlns=\"" + XMLNS + "\"><CreateTopicResult><TopicArn>" + escape(arn)
                + "</TopicArn></CreateTopicResult>" + metadata(requestId) + "</CreateTopicResponse>");
    }

    private LocalHttpServer.Response publish(Map<String, String> form, String requestId) {
        publishCalls.incrementAndGet();
        if (failuresToInject.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return error(500, "Receiver", "InternalError", "Request could not be completed (injected by SnsEndpoint).", requestId);
        }
        String topicArn = form.get("TopicArn") != null ? form.get("TopicArn") : form.get("TargetArn");
        if (topicArn == null) {
            return error(400, "Sender", "InvalidParameter",
                    "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter", requestId);
        }
        if (!TOPIC_ARN.matcher(topicArn).matches()) {
            return error(400, "Sender", "InvalidParameter", "Invalid parameter: TopicArn", requestId);
        }
        if (requireExistingTopics && !topics.contains(topicArn)) {
            return error(404, "Sender", "NotFound", "Topic does not exist", requestId);
        }
        String message = form.get("Message");
        if (message == null) {
            return error(400, "Sender", "ValidationError",
                    "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null",
                    requestId);
        }
        if (message.isEmpty()) {
            return error(400, "Sender", "InvalidParameter", "Invalid parameter: Empty message", requestId);
        }
        String subject = form.get("Subject");
        if (subject != null && (subject.isEmpty() || subject.length() > 100 || !subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
            return error(400, "Sender", "InvalidParameter", "Invalid parameter: Subject", requestId);
        }
        String delivered = message;
        Map<String, String> protocolMessages = new LinkedHashMap<>();
        if ("json".equals(form.get("MessageStructure"))) {
            // With MessageStructure=json the Message is an object: "default" (a string) for every subscriber, plus
            // optional entries per protocol. Protocol entries with non-string values are ignored, as are keys that
            // name no protocol (API_Publish, Message: "JSON-specific constraints").
            try {
                JsonNode structure = JSON.readTree(message);
                if (structure == null || !structure.isObject() || !structure.path("default").isTextual()) {
                    return error(400, "Sender", "InvalidParameter",
                            "Invalid parameter: Message Structure - No default entry in JSON message body", requestId);
                }
                delivered = structure.get("default").asText();
                structure.fields().forEachRemaining(entry -> {
                    if (PROTOCOLS.contains(entry.getKey()) && entry.getValue().isTextual()) {
                        protocolMessages.put(entry.getKey(), entry.getValue().asText());
                    }
                });
            } catch (JsonProcessingException e) {
                return error(400, "Sender", "InvalidParameter",
                        "Invalid parameter: Message Structure - JSON message body failed to parse", requestId);
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        int size = message.getBytes(StandardCharsets.UTF_8).length;
        Map<Integer, Map<String, String>> entries = new TreeMap<>();
        form.forEach((key, value) -> {
            if (key.startsWith("MessageAttributes.entry.")) {
                String rest = key.substring("MessageAttributes.entry.".length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    try {
                        int index = Integer.parseInt(rest.substring(0, dot));
                        entries.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(rest.substring(dot + 1), value);
                    } catch (NumberFormatException ignored) {
                        // not an attribute entry key; ignored like unknown parameters
                    }
                }
            }
        });
        if (entries.size() > 10) {
            return error(400, "Sender", "ParameterValueInvalid",
                    "Number of message attributes [" + entries.size() + "] exceeds the allowed maximum [10].", requestId);
        }
        for (Map<String, String> entry : entries.values()) {
            String name = entry.get("Name");
            if (name == null || !ATTRIBUTE_NAME.matcher(name).matches() || name.startsWith("AWS.") || name.startsWith("Amazon.")) {
                return error(400, "Sender", "ParameterValueInvalid",
                        "Message attribute name '" + name + "' is invalid.", requestId);
            }
            String dataType = entry.get("Value.DataType");
            if (dataType == null || dataType.isEmpty()) {
                return error(400, "Sender", "ParameterValueInvalid",
                        "The message attribute '" + name + "' must contain non-empty message attribute type.", requestId);
            }
            String baseType = dataType.contains(".") && !dataType.equals("String.Array")
                    ? dataType.substring(0, dataType.indexOf('.')) : dataType;
            if (!DATA_TYPES.contains(baseType)) {
                return error(400, "Sender", "ParameterValueInvalid",
                        "The message attribute '" + name + "' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
                        requestId);
            }
            String value = "Binary".equals(baseType) ? entry.get("Value.BinaryValue") : entry.get("Value.StringValue");
            if (value == null || value.isEmpty()) {
                return error(400, "Sender", "ParameterValueInvalid",
                        "The message attribute '" + name + "' must contain non-empty message attribute value for message attribute type '"
                                + dataType + "'.", requestId);
            }
            size += name.getBytes(StandardCharsets.UTF_8).length + dataType.getBytes(StandardCharsets.UTF_8).length
                    + value.getBytes(StandardCharsets.UTF_8).length;
            if (!"Binary".equals(baseType)) {
                attributes.put(name, value);
            }
        }
        if (size > MAX_MESSAGE_BYTES) {
            return error(400, "Sender", "InvalidParameter", "Invalid parameter: Message too long", requestId);
        }
        String groupId = form.get("MessageGroupId");
        String deduplicationId = form.get("MessageDeduplicationId");
        // Both ids: up to 128 alphanumerics and ASCII punctuation (API_Publish), on any topic they are sent to.
        String badId = groupId != null && !FIFO_ID.matcher(groupId).matches() ? "MessageGroupId"
                : deduplicationId != null && !FIFO_ID.matcher(deduplicationId).matches() ? "MessageDeduplicationId"
                : null;
        if (badId != null) {
            return error(400, "Sender", "InvalidParameter", "Invalid parameter: " + badId
                    + " Reason: must be 1 to 128 alphanumeric or punctuation characters", requestId);
        }
        if (!topicArn.endsWith(".fifo")) {
            // MessageDeduplicationId "applies only to FIFO topics"; MessageGroupId is optional on a standard topic
            // (forwarded to SQS standard subscriptions for fair queues) (API_Publish).
            if (deduplicationId != null) {
                return error(400, "Sender", "InvalidParameter", "Invalid parameter: MessageDeduplicationId Reason:"
                        + " The request includes MessageDeduplicationId parameter that is not valid for this topic type",
                        requestId);
            }
            return accepted(new PublishedMessage(UUID.randomUUID().toString(), topicArn, subject, delivered,
                    attributes, protocolMessages), null, requestId);
        }
        FifoTopic fifo = fifoTopics.getOrDefault(topicArn, new FifoTopic(false, false));
        if (groupId == null) {
            return error(400, "Sender", "InvalidParameter",
                    "Invalid parameter: The MessageGroupId parameter is required for FIFO topics", requestId);
        }
        if (deduplicationId == null) {
            if (!fifo.contentBasedDeduplication()) {
                return error(400, "Sender", "InvalidParameter", "Invalid parameter: The topic should either have"
                        + " ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly", requestId);
            }
            deduplicationId = sha256(message); // the body, not the attributes (API_Publish)
        }
        String scope = topicArn + (fifo.perMessageGroup() ? "\n" + groupId : "") + "\n" + deduplicationId;
        Instant now = deduplicationClock.instant();
        String messageId = UUID.randomUUID().toString();
        Accepted first = deduplication.compute(scope, (key, earlier) ->
                earlier != null && now.isBefore(earlier.at().plus(DEDUPLICATION_INTERVAL)) ? earlier
                        : new Accepted(now, messageId));
        String sequence = String.valueOf(sequenceNumber.incrementAndGet());
        if (!first.messageId().equals(messageId)) {
            duplicatesDropped.incrementAndGet(); // "accepted successfully but aren't delivered"
            return xml(200, publishResponse(first.messageId(), sequence, requestId));
        }
        return accepted(new PublishedMessage(messageId, topicArn, subject, delivered, attributes, protocolMessages),
                sequence, requestId);
    }

    private LocalHttpServer.Response accepted(PublishedMessage message, String sequenceNumber, String requestId) {
        published.add(message);
        return xml(200, publishResponse(message.messageId(), sequenceNumber, requestId));
    }

    /** FIFO topics also answer a SequenceNumber (PublishResult, API_Publish). */
    private static String publishResponse(String messageId, String sequenceNumber, String requestId) {
        return "<PublishResponse xmlns=\"" + XMLNS + "\"><PublishResult><MessageId>" + messageId + "</MessageId>"
                + (sequenceNumber == null ? "" : "<SequenceNumber>" + sequenceNumber + "</SequenceNumber>")
                + "</PublishResult>" + metadata(requestId) + "</PublishResponse>";
    }

    /** CreateTopic's Attributes map, as the Query protocol sends it: Attributes.entry.N.key / .value. */
    private static Map<String, String> topicAttributes(Map<String, String> form) {
        Map<String, String> keys = new TreeMap<>();
        Map<String, String> values = new TreeMap<>();
        form.forEach((name, value) -> {
            if (name.startsWith("Attributes.entry.") && name.endsWith(".key")) {
                keys.put(name.substring(0, name.length() - ".key".length()), value);
            } else if (name.startsWith("Attributes.entry.") && name.endsWith(".value")) {
                values.put(name.substring(0, name.length() - ".value".length()), value);
            }
        });
        Map<String, String> attributes = new LinkedHashMap<>();
        keys.forEach((entry, key) -> attributes.put(key, values.getOrDefault(entry, "")));
        return attributes;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(name, value);
        }
        return form;
    }

    private static String metadata(String requestId) {
        return "<ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata>";
    }

    private static LocalHttpServer.Response xml(int status, String body) {
        return LocalHttpServer.Response.of(status, "text/xml", "<?xml version=\"1.0\"?>\n" + body, Map.of());
    }

    private static LocalHttpServer.Response error(int status, String type, String code, String message, String requestId) {
        List<String> lines = new ArrayList<>();
        lines.add("<ErrorResponse xmlns=\"" + XMLNS + "\">");
        lines.add("  <Error>");
        lines.add("    <Type>" + type + "</Type>");
        lines.add("    <Code>" + code + "</Code>");
        lines.add("    <Message>" + escape(message) + "</Message>");
        lines.add("  </Error>");
        lines.add("  <RequestId>" + requestId + "</RequestId>");
        lines.add("</ErrorResponse>");
        return LocalHttpServer.Response.of(status, "text/xml", String.join("\n", lines), Map.of("x-amzn-RequestId", requestId));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }
}
