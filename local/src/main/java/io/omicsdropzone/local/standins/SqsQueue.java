package io.omicsdropzone.local.standins;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One standard SQS queue's messages and their visibility, on a {@link Clock} that tests may advance. Thread-safe: every
 * method holds the queue's monitor, and {@link #receive} waits on it for long polling.
 *
 * <p>Behaviour, from the Amazon SQS API Reference and Developer Guide:
 * <ul>
 *   <li>a received message stays in the queue but is invisible until its visibility timeout passes ("Amazon SQS
 *       visibility timeout", https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html);</li>
 *   <li>every receive gives a new receipt handle and counts {@code ApproximateReceiveCount} (API_ReceiveMessage);</li>
 *   <li>DeleteMessage with an older handle "will succeed, but the message might not be deleted"; here it is never
 *       deleted, and deleting an already deleted message succeeds (API_DeleteMessage);</li>
 *   <li>ChangeMessageVisibility counts the new timeout from the call, and answers MessageNotInflight for a message
 *       that is not in flight (API_ChangeMessageVisibility);</li>
 *   <li>PurgeQueue deletes visible and in-flight messages; a second purge within 60 seconds answers
 *       PurgeQueueInProgress (API_PurgeQueue);</li>
 *   <li>messages older than MessageRetentionPeriod are dropped, DelaySeconds hides new messages (API_SetQueueAttributes).</li>
 * </ul>
 * FIFO queues, dead-letter redrive policies, batches and the 12-hour visibility ceiling are not modelled.
 */
final class SqsQueue {

    /** Attribute names CreateQueue accepts here, with their defaults (API_CreateQueue, "Attributes"). */
    static final Map<String, String> DEFAULTS = Map.of(
            "VisibilityTimeout", "30",
            "DelaySeconds", "0",
            "ReceiveMessageWaitTimeSeconds", "0",
            "MessageRetentionPeriod", "345600",
            "MaximumMessageSize", "1048576");

    /** Inclusive bounds per attribute, from API_SetQueueAttributes. */
    private static final Map<String, long[]> BOUNDS = Map.of(
            "VisibilityTimeout", new long[] {0, 43_200},
            "DelaySeconds", new long[] {0, 900},
            "ReceiveMessageWaitTimeSeconds", new long[] {0, 20},
            "MessageRetentionPeriod", new long[] {60, 1_209_600},
            "MaximumMessageSize", new long[] {1_024, 1_048_576});

    static final Duration PURGE_INTERVAL = Duration.ofSeconds(60);

    record MessageAttribute(String dataType, String stringValue, byte[] binaryValue) {
    }

    /** What one receive hands out: a snapshot of the message at that moment. */
    record Received(String messageId, String receiptHandle, String body, Map<String, MessageAttribute> attributes,
                    int receiveCount, Instant sentAt, Instant firstReceivedAt) {
    }

    private static final class Stored {
        final String id;
        final String body;
        final Map<String, MessageAttribute> attributes;
        final Instant sentAt;
        Instant visibleAt;
        Instant firstReceivedAt;
        int receiveCount;
        String receiptHandle;

        Stored(String id, String body, Map<String, MessageAttribute> attributes, Instant sentAt, Instant visibleAt) {
            this.id = id;
            this.body = body;
            this.attributes = attributes;
            this.sentAt = sentAt;
            this.visibleAt = visibleAt;
        }
    }

    private final String name;
    private final String url;
    private final String arn;
    private final Clock clock;
    private final Map<String, String> attributes;
    private final Instant createdAt;
    private final LinkedHashMap<String, Stored> messages = new LinkedHashMap<>();
    private Instant lastPurge;

    SqsQueue(String name, String url, String arn, Map<String, String> attributes, Clock clock) {
        this.name = name;
        this.url = url;
        this.arn = arn;
        this.clock = clock;
        this.attributes = new LinkedHashMap<>(DEFAULTS);
        this.attributes.putAll(attributes);
        this.createdAt = clock.instant();
    }

    /** Rejects names and values CreateQueue would reject: InvalidAttributeName, InvalidAttributeValue. */
    static void validateAttributes(Map<String, String> requested) {
        for (Map.Entry<String, String> entry : requested.entrySet()) {
            long[] bounds = BOUNDS.get(entry.getKey());
            if (bounds == null) {
                throw new SqsFault(400, "InvalidAttributeName", "InvalidAttributeName",
                        "Unknown Attribute " + entry.getKey() + ".");
            }
            long value;
            try {
                value = Long.parseLong(entry.getValue());
            } catch (NumberFormatException e) {
                value = Long.MIN_VALUE;
            }
            if (value < bounds[0] || value > bounds[1]) {
                throw new SqsFault(400, "InvalidAttributeValue", "InvalidAttributeValue",
                        "Invalid value for the parameter " + entry.getKey() + ".");
            }
        }
    }

    String name() {
        return name;
    }

    String url() {
        return url;
    }

    /** CreateQueue on an existing name succeeds only when every given attribute matches (API_CreateQueue). */
    synchronized boolean sameAttributes(Map<String, String> requested) {
        return requested.entrySet().stream().allMatch(e -> e.getValue().equals(attributes.get(e.getKey())));
    }

    synchronized String send(String body, Map<String, MessageAttribute> messageAttributes, Integer delaySeconds) {
        int maxSize = Integer.parseInt(attributes.get("MaximumMessageSize"));
        int size = body.getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, MessageAttribute> entry : messageAttributes.entrySet()) {
            MessageAttribute value = entry.getValue();
            size += entry.getKey().getBytes(StandardCharsets.UTF_8).length + value.dataType().getBytes(StandardCharsets.UTF_8).length
                    + (value.stringValue() != null ? value.stringValue().getBytes(StandardCharsets.UTF_8).length
                    : value.binaryValue().length);
        }
        if (size > maxSize) {
            throw SqsFault.invalidParameterValue("One or more parameters are invalid. Reason: Message must be shorter than "
                    + maxSize + " bytes.");
        }
        int delay = delaySeconds != null ? delaySeconds : Integer.parseInt(attributes.get("DelaySeconds"));
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        messages.put(id, new Stored(id, body, Map.copyOf(messageAttributes), now, now.plusSeconds(delay)));
        notifyAll();
        return id;
    }

    /**
     * Up to {@code max} visible messages, oldest first, made invisible for {@code visibility}. When none is visible it
     * waits (real time, not the queue clock) up to {@code wait} for a send, checking again every 50 ms so that a test
     * clock moved forward also releases messages whose visibility ran out.
     */
    synchronized List<Received> receive(int max, Duration visibility, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<Received> received = takeVisible(max, visibility);
            long remaining = deadline - System.nanoTime();
            if (!received.isEmpty() || remaining <= 0) {
                return received;
            }
            wait(Math.max(1, Math.min(50, remaining / 1_000_000)));
        }
    }

    private List<Received> takeVisible(int max, Duration visibility) {
        Instant now = clock.instant();
        expire(now);
        List<Received> received = new ArrayList<>();
        for (Stored message : messages.values()) {
            if (received.size() == max) {
                break;
            }
            if (message.visibleAt.isAfter(now)) {
                continue;
            }
            message.receiveCount++;
            if (message.firstReceivedAt == null) {
                message.firstReceivedAt = now;
            }
            message.visibleAt = now.plus(visibility);
            message.receiptHandle = ReceiptHandle.encode(arn, message.id, message.receiveCount);
            received.add(new Received(message.id, message.receiptHandle, message.body, message.attributes,
                    message.receiveCount, message.sentAt, message.firstReceivedAt));
        }
        return received;
    }

    /** True when the message was deleted, false when the handle was stale or the message already gone (both succeed). */
    synchronized boolean delete(String receiptHandle) {
        ReceiptHandle handle = ReceiptHandle.decode(receiptHandle, arn);
        Stored message = messages.get(handle.messageId());
        if (message == null || !receiptHandle.equals(message.receiptHandle)) {
            return false;
        }
        messages.remove(handle.messageId());
        return true;
    }

    synchronized void changeVisibility(String receiptHandle, int timeoutSeconds) {
        ReceiptHandle handle = ReceiptHandle.decode(receiptHandle, arn);
        Stored message = messages.get(handle.messageId());
        Instant now = clock.instant();
        if (message == null) {
            throw SqsFault.invalidParameterValue("Value " + receiptHandle + " for parameter ReceiptHandle is invalid. "
                    + "Reason: Message does not exist or is not available for visibility timeout change.");
        }
        if (!receiptHandle.equals(message.receiptHandle) || !message.visibleAt.isAfter(now)) {
            throw new SqsFault(400, "MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight",
                    "The specified message isn't in flight.");
        }
        message.visibleAt = now.plusSeconds(timeoutSeconds);
        notifyAll();
    }

    synchronized void purge() {
        Instant now = clock.instant();
        if (lastPurge != null && now.isBefore(lastPurge.plus(PURGE_INTERVAL))) {
            throw new SqsFault(400, "PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress",
                    "Only one PurgeQueue operation on " + name + " is allowed every 60 seconds.");
        }
        lastPurge = now;
        messages.clear();
    }

    synchronized int visibilityTimeout() {
        return Integer.parseInt(attributes.get("VisibilityTimeout"));
    }

    synchronized int receiveWaitTimeSeconds() {
        return Integer.parseInt(attributes.get("ReceiveMessageWaitTimeSeconds"));
    }

    /** GetQueueAttributes: the configured attributes plus the approximate counts, QueueArn and timestamps. */
    synchronized Map<String, String> attributes(Set<String> names) {
        Instant now = clock.instant();
        expire(now);
        int visible = 0;
        int inFlight = 0;
        int delayed = 0;
        for (Stored message : messages.values()) {
            if (!message.visibleAt.isAfter(now)) {
                visible++;
            } else if (message.receiveCount > 0) {
                inFlight++;
            } else {
                delayed++;
            }
        }
        Map<String, String> all = new LinkedHashMap<>(attributes);
        all.put("ApproximateNumberOfMessages", Integer.toString(visible));
        all.put("ApproximateNumberOfMessagesNotVisible", Integer.toString(inFlight));
        all.put("ApproximateNumberOfMessagesDelayed", Integer.toString(delayed));
        all.put("QueueArn", arn);
        all.put("CreatedTimestamp", Long.toString(createdAt.getEpochSecond()));
        all.put("LastModifiedTimestamp", Long.toString(createdAt.getEpochSecond()));
        if (names.contains("All")) {
            return all;
        }
        Map<String, String> selected = new LinkedHashMap<>();
        for (String attribute : names) {
            if (!all.containsKey(attribute)) {
                throw new SqsFault(400, "InvalidAttributeName", "InvalidAttributeName", "Unknown Attribute " + attribute + ".");
            }
            selected.put(attribute, all.get(attribute));
        }
        return selected;
    }

    /** Every message body still stored (visible, delayed or in flight), oldest first; for test assertions. */
    synchronized List<String> bodies() {
        expire(clock.instant());
        return messages.values().stream().map(m -> m.body).toList();
    }

    private void expire(Instant now) {
        long retention = Long.parseLong(attributes.get("MessageRetentionPeriod"));
        for (Iterator<Stored> it = messages.values().iterator(); it.hasNext(); ) {
            if (!it.next().sentAt.plusSeconds(retention).isAfter(now)) {
                it.remove();
            }
        }
    }

    /** Opaque to clients; here base64 of queue ARN, message id, receive number and a nonce, so it can be checked. */
    record ReceiptHandle(String queueArn, String messageId) {

        static String encode(String queueArn, String messageId, int receiveCount) {
            String raw = queueArn + "\n" + messageId + "\n" + receiveCount + "\n" + UUID.randomUUID();
            return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /** A handle that does not decode, or that belongs to another queue, is ReceiptHandleIsInvalid. */
        static ReceiptHandle decode(String handle, String expectedQueueArn) {
            String[] parts;
            try {
                parts = new String(Base64.getDecoder().decode(handle), StandardCharsets.UTF_8).split("\n");
            } catch (IllegalArgumentException e) {
                throw SqsFault.receiptHandleIsInvalid(handle);
            }
            if (parts.length != 4 || !parts[0].equals(expectedQueueArn)) {
                throw SqsFault.receiptHandleIsInvalid(handle);
            }
            return new ReceiptHandle(parts[0], parts[1]);
        }
    }
}
