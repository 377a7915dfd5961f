package io.omicsdropzone.handler;

import io.omicsdropzone.domain.batch.BatchObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BatchStatusEventJsonTest {

    private static String sample(String name) throws IOException {
        try (InputStream in = BatchStatusEventJsonTest.class.getClassLoader().getResourceAsStream("events/batch/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"batch-pending.json", "batch-inprogress.json", "batch-processed.json", "batch-failed.json"})
    void every_sample_event_parses_into_a_sighting(String file) throws IOException {
        BatchObservation observation = BatchStatusEventJson.parse(sample(file)).orElseThrow();

        assertThat(observation.batchId()).isEqualTo("7000001");
        assertThat(observation.batchArn()).isEqualTo("arn:aws:omics:us-east-1:123456789012:runBatch/7000001");
        assertThat(observation.counts()).containsEntry("totalRuns", 3L);
    }

    @Test
    void string_counters_become_numbers_and_event_time_orders_sightings() throws IOException {
        BatchObservation processed = BatchStatusEventJson.parse(sample("batch-processed.json")).orElseThrow();

        assertThat(processed.status()).isEqualTo("PROCESSED");
        assertThat(processed.observedAt()).isEqualTo(Instant.parse("2026-11-23T09:02:11Z"));
        assertThat(processed.counts()).containsEntry("completedRunCount", 2L).containsEntry("failedRunCount", 1L)
                .containsEntry("successfulStartSubmissionCount", 3L).doesNotContainKey("workflowId");
    }

    @Test
    void failure_code_and_message_are_kept_apart() throws IOException {
        BatchObservation failed = BatchStatusEventJson.parse(sample("batch-failed.json")).orElseThrow();

        assertThat(failed.failureReason()).isEqualTo("VALIDATION_EXCEPTION");
        assertThat(failed.failureMessage()).isEqualTo("s3UriConfigs have changed since calling StartRunBatch");
    }

    @Test
    void other_events_are_not_sightings() {
        assertThat(BatchStatusEventJson.parse("""
                {"source":"aws.omics","detail-type":"Run Status Change","time":"2026-11-23T07:30:14Z",
                 "detail":{"runId":"1234","status":"RUNNING"}}""")).isEmpty();
        assertThat(BatchStatusEventJson.parse("{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"detail\":{}}"))
                .isEmpty();
    }
}
