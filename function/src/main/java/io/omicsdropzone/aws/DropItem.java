package io.omicsdropzone.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One drop as stored in DynamoDB: an immutable record filled through {@link DropItemSchema}'s written-out schema
 * (no bean introspection, no method references spun at cold start). Updates send partial items: a null component is
 * left untouched by an update with {@code ignoreNulls}. Attribute names are the item format documented in
 * docs/how-a-drop-is-handled.md.
 */
public record DropItem(
        String requestId,
        String status,
        String bucket,
        String key,
        String etag,
        Long size,
        String versionId,
        String sequencer,
        String batchName,
        Long runCount,
        String batchId,
        String batchArn,
        String batchStatus,
        Integer batchStatusRank,
        List<String> errors,
        Long errorCount,
        Integer attempts,
        String lastError,
        String leaseOwner,
        Instant leaseUntil,
        Instant createdAt,
        Instant updatedAt,
        Instant notifiedAt,
        Map<String, Long> counts,
        String failureReason,
        String failureMessage,
        Instant batchObservedAt,
        Instant completionNotifiedAt,
        String openBatch,
        Instant cancelRequestedAt,
        String openDrop,
        Instant lastPolledAt,
        Integer pollFailures,
        String lastPollError,
        Instant resumeRequestedAt,
        String parametersNotChecked,
        String snapshotUri,
        String snapshotEtag,
        String redriveOf,
        List<String> redrives,
        Set<String> duplicateUploads,
        String pipeline,
        String contentSha256,
        String duplicateOf,
        String reuploadOf,
        String contentHolder,
        String supersedes,
        String workflowId,
        String runSettingDigest) {

    public static Builder builder() {
        return new Builder();
    }

    /** The mutable half the enhanced client fills while reading, and the repository while writing partial items. */
    public static final class Builder {
        private String requestId;
        private String status;
        private String bucket;
        private String key;
        private String etag;
        private Long size;
        private String versionId;
        private String sequencer;
        private String batchName;
        private Long runCount;
        private String batchId;
        private String batchArn;
        private String batchStatus;
        private Integer batchStatusRank;
        private List<String> errors;
        private Long errorCount;
        private Integer attempts;
        private String lastError;
        private String leaseOwner;
        private Instant leaseUntil;
        private Instant createdAt;
        private Instant updatedAt;
        private Instant notifiedAt;
        private Map<String, Long> counts;
        private String failureReason;
        private String failureMessage;
        private Instant batchObservedAt;
        private Instant completionNotifiedAt;
        private String openBatch;
        private Instant cancelRequestedAt;
        private String openDrop;
        private Instant lastPolledAt;
        private Integer pollFailures;
        private String lastPollError;
        private Instant resumeRequestedAt;
        private String parametersNotChecked;
        private String snapshotUri;
        private String snapshotEtag;
        private String redriveOf;
        private List<String> redrives;
        private Set<String> duplicateUploads;
        private String pipeline;
        private String contentSha256;
        private String duplicateOf;
        private String reuploadOf;
        private String contentHolder;
        private String supersedes;
        private String workflowId;
        private String runSettingDigest;

        private Builder() {
        }

        // One line each: the schema needs a setter per attribute and nothing else.
        public Builder requestId(String value) { requestId = value; return this; }
        public Builder status(String value) { status = value; return this; }
        public Builder bucket(String value) { bucket = value; return this; }
        public Builder key(String value) { key = value; return this; }
        public Builder etag(String value) { etag = value; return this; }
        public Builder size(Long value) { size = value; return this; }
        public Builder versionId(String value) { versionId = value; return this; }
        public Builder sequencer(String value) { sequencer = value; return this; }
        public Builder batchName(String value) { batchName = value; return this; }
        public Builder runCount(Long value) { runCount = value; return this; }
        public Builder batchId(String value) { batchId = value; return this; }
        public Builder batchArn(String value) { batchArn = value; return this; }
        public Builder batchStatus(String value) { batchStatus = value; return this; }
        public Builder batchStatusRank(Integer value) { batchStatusRank = value; return this; }
        public Builder errors(List<String> value) { errors = value; return this; }
        public Builder errorCount(Long value) { errorCount = value; return this; }
        public Builder attempts(Integer value) { attempts = value; return this; }
        public Builder lastError(String value) { lastError = value; return this; }
        public Builder leaseOwner(String value) { leaseOwner = value; return this; }
        public Builder leaseUntil(Instant value) { leaseUntil = value; return this; }
        public Builder createdAt(Instant value) { createdAt = value; return this; }
        public Builder updatedAt(Instant value) { updatedAt = value; return this; }
        public Builder notifiedAt(Instant value) { notifiedAt = value; return this; }
        public Builder counts(Map<String, Long> value) { counts = value; return this; }
        public Builder failureReason(String value) { failureReason = value; return this; }
        public Builder failureMessage(String value) { failureMessage = value; return this; }
        public Builder batchObservedAt(Instant value) { batchObservedAt = value; return this; }
        public Builder completionNotifiedAt(Instant value) { completionNotifiedAt = value; return this; }
        public Builder openBatch(String value) { openBatch = value; return this; }
        public Builder cancelRequestedAt(Instant value) { cancelRequestedAt = value; return this; }
        public Builder openDrop(String value) { openDrop = value; return this; }
        public Builder lastPolledAt(Instant value) { lastPolledAt = value; return this; }
        public Builder pollFailures(Integer value) { pollFailures = value; return this; }
        public Builder lastPollError(String value) { lastPollError = value; return this; }
        public Builder resumeRequestedAt(Instant value) { resumeRequestedAt = value; return this; }
        public Builder parametersNotChecked(String value) { parametersNotChecked = value; return this; }
        public Builder snapshotUri(String value) { snapshotUri = value; return this; }
        public Builder snapshotEtag(String value) { snapshotEtag = value; return this; }
        public Builder redriveOf(String value) { redriveOf = value; return this; }
        public Builder redrives(List<String> value) { redrives = value; return this; }
        public Builder duplicateUploads(Set<String> value) { duplicateUploads = value; return this; }
        public Builder pipeline(String value) { pipeline = value; return this; }
        public Builder contentSha256(String value) { contentSha256 = value; return this; }
        public Builder duplicateOf(String value) { duplicateOf = value; return this; }
        public Builder reuploadOf(String value) { reuploadOf = value; return this; }
        public Builder contentHolder(String value) { contentHolder = value; return this; }
        public Builder supersedes(String value) { supersedes = value; return this; }
        public Builder workflowId(String value) { workflowId = value; return this; }
        public Builder runSettingDigest(String value) { runSettingDigest = value; return this; }
        public DropItem build() {
            return new DropItem(requestId, status, bucket, key, etag, size, versionId, sequencer, batchName, runCount, batchId, batchArn, batchStatus, batchStatusRank, errors, errorCount, attempts, lastError, leaseOwner, leaseUntil, createdAt, updatedAt, notifiedAt, counts, failureReason, failureMessage, batchObservedAt, completionNotifiedAt, openBatch, cancelRequestedAt, openDrop, lastPolledAt, pollFailures, lastPollError, resumeRequestedAt, parametersNotChecked, snapshotUri, snapshotEtag, redriveOf, redrives, duplicateUploads, pipeline, contentSha256, duplicateOf, reuploadOf, contentHolder, supersedes, workflowId, runSettingDigest);
        }
    }
}
