package io.omicsdropzone.domain.submission;
import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.notification.Notification;
import io.omicsdropzone.domain.notification.Notifier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Identical bytes uploaded again to the same key: the same ETag, so the same requestId and the same, already settled,
 * drop; but a new upload (another versionId or event sequencer). (Identical bytes under another ETag, as SSE-KMS and
 * multipart uploads give, are a drop of their own that ends DUPLICATE: {@link IdenticalContent}.) No batch is started: HealthOmics would return the
 * existing one for the requestId anyway. One {@code DuplicateFile} notification tells the uploader what happened and
 * how to run it again; a repeated delivery of the same event stays silent once that upload is recorded.
 */
final class DuplicateUpload {

    private static final Logger LOG = LoggerFactory.getLogger(DuplicateUpload.class);

    private final SubmitRepository drops;
    private final Notifier notifier;
    private final Disclosure disclosure;
    private final Clock clock;

    DuplicateUpload(SubmitRepository drops, Notifier notifier, Disclosure disclosure, Clock clock) {
        this.drops = drops;
        this.notifier = notifier;
        this.disclosure = disclosure;
        this.clock = clock;
    }

    /** The upload's identity: its versionId in a versioned bucket, else the event's sequencer; null if unknown. */
    static String uploadId(DroppedObject object) {
        return object.versionId() != null ? object.versionId() : object.sequencer();
    }

    /** The upload id, or the drop's requestId when the event named neither versionId nor sequencer. */
    static String uploadIdOrRequestId(Drop drop) {
        String uploadId = uploadId(drop.object());
        return uploadId != null ? uploadId : drop.requestId();
    }

    /**
     * The requestId of the drop that validates an identical re-upload of a REJECTED drop again:
     * {@code hex(SHA-256(UTF-8(rejectedRequestId + "#reupload:" + uploadId)))}. Deterministic per upload, so every
     * delivery of that upload's event lands on the same new drop; 64 hex characters, as every requestId.
     */
    static String reuploadRequestId(String rejectedRequestId, String uploadId) {
        try {
            java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(sha256.digest((rejectedRequestId + "#reupload:" + uploadId)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /**
     * Whether {@code object} is another upload than the one the drop was created from. Unknown on either side (a CLI
     * {@code submit}, an event without sequencer) counts as the same upload: silence rather than a false alarm.
     */
    static boolean isNewUpload(Drop existing, DroppedObject object) {
        String seen = uploadId(existing.object());
        String now = uploadId(object);
        return seen != null && now != null && !seen.equals(now);
    }

    DropResult announce(Drop existing, DroppedObject object) {
        String uploadId = uploadId(object);
        if (existing.duplicateUploads().contains(uploadId)) {
            LOG.info("duplicate delivery of an identical re-upload: requestId={} already announced", existing.requestId());
            return new DropResult(DropResult.Action.ALREADY_SETTLED, existing);
        }
        // Published before it is recorded: a crash in between publishes again with the same notificationId.
        notifier.publish(Notification.duplicateFile(existing, object, uploadId, disclosure));
        drops.recordDuplicateUpload(existing, uploadId, clock.instant());
        LOG.info("identical re-upload: requestId={} status={} batchId={}; no new batch", existing.requestId(),
                existing.status(), existing.batchId());
        return new DropResult(DropResult.Action.DUPLICATE, existing);
    }
}
