package io.omicsdropzone.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One drop as stored in DynamoDB. A plain mutable bean because the enhanced client's static schema
 * ({@link DropItemSchema}) fills it through method references; a null property is left untouched by updates.
 */
public final class DropItem {
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

    public String getRequestId() {
        return requestId;
    }

    public void setRequestId(String requestId) {
        this.requestId = requestId;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getEtag() {
        return etag;
    }

    public void setEtag(String etag) {
        this.etag = etag;
    }

    public Long getSize() {
        return size;
    }

    public void setSize(Long size) {
        this.size = size;
    }

    public String getVersionId() {
        return versionId;
    }

    public void setVersionId(String versionId) {
        this.versionId = versionId;
    }

    public String getSequencer() {
        return sequencer;
    }

    public void setSequencer(String sequencer) {
        this.sequencer = sequencer;
    }

    public String getBatchName() {
        return batchName;
    }

    public void setBatchName(String batchName) {
        this.batchName = batchName;
    }

    public Long getRunCount() {
        return runCount;
    }

    public void setRunCount(Long runCount) {
        this.runCount = runCount;
    }

    public String getBatchId() {
        return batchId;
    }

    public void setBatchId(String batchId) {
        this.batchId = batchId;
    }

    public String getBatchArn() {
        return batchArn;
    }

    public void setBatchArn(String batchArn) {
        this.batchArn = batchArn;
    }

    public String getBatchStatus() {
        return batchStatus;
    }

    public void setBatchStatus(String batchStatus) {
        this.batchStatus = batchStatus;
    }

    public Integer getBatchStatusRank() {
        return batchStatusRank;
    }

    public void setBatchStatusRank(Integer batchStatusRank) {
        this.batchStatusRank = batchStatusRank;
    }

    public List<String> getErrors() {
        return errors;
    }

    public void setErrors(List<String> errors) {
        this.errors = errors;
    }

    public Long getErrorCount() {
        return errorCount;
    }

    public void setErrorCount(Long errorCount) {
        this.errorCount = errorCount;
    }

    public Integer getAttempts() {
        return attempts;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public String getLastError() {
        return lastError;
    }

    public void setLastError(String lastError) {
        this.lastError = lastError;
    }

    public String getLeaseOwner() {
        return leaseOwner;
    }

    public void setLeaseOwner(String leaseOwner) {
        this.leaseOwner = leaseOwner;
    }

    public Instant getLeaseUntil() {
        return leaseUntil;
    }

    public void setLeaseUntil(Instant leaseUntil) {
        this.leaseUntil = leaseUntil;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(Instant updatedAt) {
        this.updatedAt = updatedAt;
    }

    public Instant getNotifiedAt() {
        return notifiedAt;
    }

    public void setNotifiedAt(Instant notifiedAt) {
        this.notifiedAt = notifiedAt;
    }

    public Map<String, Long> getCounts() {
        return counts;
    }

    public void setCounts(Map<String, Long> counts) {
        this.counts = counts;
    }

    public String getFailureReason() {
        return failureReason;
    }

    public void setFailureReason(String failureReason) {
        this.failureReason = failureReason;
    }

    public String getFailureMessage() {
        return failureMessage;
    }

    public void setFailureMessage(String failureMessage) {
        this.failureMessage = failureMessage;
    }

    public Instant getBatchObservedAt() {
        return batchObservedAt;
    }

    public void setBatchObservedAt(Instant batchObservedAt) {
        this.batchObservedAt = batchObservedAt;
    }

    public Instant getCompletionNotifiedAt() {
        return completionNotifiedAt;
    }

    public void setCompletionNotifiedAt(Instant completionNotifiedAt) {
        this.completionNotifiedAt = completionNotifiedAt;
    }

    public String getOpenBatch() {
        return openBatch;
    }

    public void setOpenBatch(String openBatch) {
        this.openBatch = openBatch;
    }

    public Instant getCancelRequestedAt() {
        return cancelRequestedAt;
    }

    public void setCancelRequestedAt(Instant cancelRequestedAt) {
        this.cancelRequestedAt = cancelRequestedAt;
    }

    public String getOpenDrop() {
        return openDrop;
    }

    public void setOpenDrop(String openDrop) {
        this.openDrop = openDrop;
    }

    public Instant getLastPolledAt() {
        return lastPolledAt;
    }

    public void setLastPolledAt(Instant lastPolledAt) {
        this.lastPolledAt = lastPolledAt;
    }

    public Integer getPollFailures() {
        return pollFailures;
    }

    public void setPollFailures(Integer pollFailures) {
        this.pollFailures = pollFailures;
    }

    public String getLastPollError() {
        return lastPollError;
    }

    public void setLastPollError(String lastPollError) {
        this.lastPollError = lastPollError;
    }

    public Instant getResumeRequestedAt() {
        return resumeRequestedAt;
    }

    public void setResumeRequestedAt(Instant resumeRequestedAt) {
        this.resumeRequestedAt = resumeRequestedAt;
    }
}
