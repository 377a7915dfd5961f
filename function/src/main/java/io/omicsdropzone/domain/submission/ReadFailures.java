package io.omicsdropzone.domain.submission;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.disclosure.Field;
import io.omicsdropzone.disclosure.Renderer;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.submission.RunSettingsStore.ObjectAccessDeniedException;
import io.omicsdropzone.domain.submission.RunSettingsStore.ObjectChangedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The outcomes every read of the dropped object shares, while it is checked and while its snapshot is taken: changed
 * since the event → rejected (its new content has its own event), 403 → failed with what to check.
 */
final class ReadFailures {

    private static final Logger LOG = LoggerFactory.getLogger(ReadFailures.class);

    private ReadFailures() {
    }

    static Outcome.Rejected changed(Drop drop, ObjectChangedException e) {
        return rejected(drop, e.getMessage());
    }

    static Outcome.Rejected rejected(Drop drop, String reason) {
        LOG.info("rejected: requestId={} reason={}", drop.requestId(), reason);
        return Outcome.Rejected.because(reason);
    }

    /** A 403 never clears by retrying the same call: recorded with what to check. */
    static Outcome.Failed accessDenied(Drop drop, ObjectAccessDeniedException e, Disclosure disclosure) {
        String where = Renderer.render(Field.objectKey(drop.object().s3Uri(),
                "the dropped object (key hash " + drop.object().keyHash() + ")"), disclosure);
        String error = "AccessDenied: S3 answered " + e.getMessage() + " to " + e.operation() + " for " + where
                + ". Either the object was deleted before it could be submitted (without s3:ListBucket S3 answers 403,"
                + " not 404, for a missing key) or the submit role may not read it: check that the key is under the"
                + " upload prefix, that the role has s3:ListBucket on that prefix and s3:GetObject on the key, and that"
                + " the bucket policy and the KMS key allow the role";
        LOG.warn("access denied: requestId={} operation={}", drop.requestId(), e.operation());
        return new Outcome.Failed(List.of(error));
    }
}
