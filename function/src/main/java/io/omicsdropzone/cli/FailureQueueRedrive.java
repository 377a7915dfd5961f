package io.omicsdropzone.cli;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.submission.ResumeDrop;
import io.omicsdropzone.domain.submission.SubmitDrop;
import io.omicsdropzone.event.ResumeEvent;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.handler.S3DropHandler;
import io.omicsdropzone.handler.S3Records;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.json.JsonWriter;
import io.omicsdropzone.signed.SignedSqsQueue.Message;
import io.omicsdropzone.signed.SignedSqsQueue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-handles the S3 events waiting in the submit function's failure queue: Lambda's on-failure records, whose
 * {@code requestPayload} is the original event. A message is deleted only once every record in it was handled; one
 * that fails again stays and shows after its visibility timeout. Events whose retries ran out before even the claim
 * was written exist only there, so this is how they reach their outcome.
 */
public final class FailureQueueRedrive {

    /** Invisible for as long as one drop may take, so a concurrent run does not handle the same message. */
    static final Duration VISIBILITY = Dropzone.LEASE;

    private final SignedSqsQueue sqs;
    private final SubmitDrop submit;
    private final ResumeDrop resume;
    private final Clock clock;

    /** @param clock the submit path's clock: each message's deadline is measured on it */
    public FailureQueueRedrive(SignedSqsQueue sqs, SubmitDrop submit, Clock clock) {
        this(sqs, submit, null, clock);
    }

    /**
     * @param resume resumes the drops named by the reconciler's resume payloads whose retries ran out (null: such
     *               messages are left in the queue; the sweep resumes those drops anyway, they stay open)
     */
    public FailureQueueRedrive(SignedSqsQueue sqs, SubmitDrop submit, ResumeDrop resume, Clock clock) {
        this.sqs = sqs;
        this.submit = submit;
        this.resume = resume;
        this.clock = clock;
    }

    /** One message's fate: {@code REDRIVEN} (and deleted), {@code FAILED} or {@code SKIPPED} (both left queued). */
    public record Line(String messageId, String action, String reason, List<DropResult> results) {

        public Map<String, Object> toMap() {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("messageId", messageId);
            line.put("action", action);
            if (reason != null) {
                line.put("reason", reason);
            }
            if (!results.isEmpty()) {
                line.put("results", results.stream().map(result -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("action", result.action().name());
                    if (result.drop() != null) {
                        item.put("requestId", result.drop().requestId());
                        item.put("status", result.drop().status().name());
                    }
                    return item;
                }).toList());
            }
            return line;
        }

        public boolean redriven() {
            return "REDRIVEN".equals(action);
        }
    }

    /** Handles up to {@code max} messages, each seen once per run (a failing one is not retried in the same run). */
    public List<Line> run(String queueUrl, int max) {
        List<Line> lines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (lines.size() < max) {
            int batch = Math.min(10, max - lines.size());
            List<Message> fresh = sqs.receive(queueUrl, batch, (int) VISIBILITY.toSeconds(), 0)
                    .stream().filter(message -> seen.add(message.messageId())).toList();
            if (fresh.isEmpty()) {
                return lines;
            }
            for (Message message : fresh) {
                lines.add(redrive(queueUrl, message));
            }
        }
        return lines;
    }

    private Line redrive(String queueUrl, Message message) {
        Object payload;
        try {
            payload = JsonReader.readObject(message.body()).get("requestPayload");
        } catch (JsonReader.JsonFormatException e) {
            payload = null;
        }
        if (!(payload instanceof Map<?, ?>)) {
            return new Line(message.messageId(), "SKIPPED",
                    "not a Lambda on-failure record with a requestPayload; left in the queue", List.of());
        }
        try {
            var event = S3EventJson.parse(JsonWriter.write(payload));
            List<String> resumes = ResumeEvent.requestIds(event);
            if (!resumes.isEmpty() && resume == null) {
                return new Line(message.messageId(), "SKIPPED", "a resume payload; left in the queue", List.of());
            }
            for (String requestId : resumes) {
                resume.resume(requestId, clock.instant().plus(Dropzone.LEASE));
            }
            var objects = S3Records.droppedObjects(event);
            List<DropResult> results = S3DropHandler.handle(objects, submit, clock.instant().plus(Dropzone.LEASE));
            sqs.delete(queueUrl, message.receiptHandle());
            return new Line(message.messageId(), "REDRIVEN", null, results);
        } catch (RuntimeException e) {
            return new Line(message.messageId(), "FAILED", e.toString(), List.of());
        }
    }
}
