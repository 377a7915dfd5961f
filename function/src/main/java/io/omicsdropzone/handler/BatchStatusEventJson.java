package io.omicsdropzone.handler;

import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.json.JsonReader;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static io.omicsdropzone.json.JsonReader.nonBlankText;

/**
 * Reads a HealthOmics {@code RunBatch Status Change} event as EventBridge delivers it. Every {@code detail} value
 * arrives as a string, counters included, and fields are left out when they do not apply.
 */
public final class BatchStatusEventJson {

    static final String SOURCE = "aws.omics";
    static final String DETAIL_TYPE = "RunBatch Status Change";

    private BatchStatusEventJson() {
    }

    /** The sighting, or empty when the document is some other event (a rule that matches too much). */
    public static Optional<BatchObservation> parse(String json) {
        Map<String, Object> event = JsonReader.readObject(json);
        if (!SOURCE.equals(event.get("source")) || !DETAIL_TYPE.equals(event.get("detail-type"))
                || !(event.get("detail") instanceof Map<?, ?> detail)) {
            return Optional.empty();
        }
        String batchId = nonBlankText(detail, "batchId");
        String status = nonBlankText(detail, "status");
        if (batchId == null || status == null) {
            return Optional.empty();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        detail.forEach((name, value) -> {
            String field = name.toString();
            if ((field.equals("totalRuns") || field.endsWith("Count")) && value != null) {
                try {
                    counts.put(field, Long.parseLong(value.toString().trim()));
                } catch (NumberFormatException notANumber) {
                    // counters are documented as numeric strings; anything else is not a counter
                }
            }
        });
        Object time = event.get("time");
        Instant observedAt = time == null ? Instant.now() : Instant.parse(time.toString());
        String arn = nonBlankText(detail, "arn");
        return Optional.of(new BatchObservation(batchId, arn, status, observedAt, counts,
                nonBlankText(detail, "failureReason"), nonBlankText(detail, "failureMessage")));
    }
}
