package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 side of {@code s3UriSettings}: as the StartRunBatch API reference documents, the object is checked during the
 * call and its ETag recorded; when the batch validates its run configurations the object is read again, only if the
 * ETag is unchanged ("s3UriConfigs have changed since calling StartRunBatch" otherwise). StartRunBatch API reference:
 * https://docs.aws.amazon.com/omics/latest/api/API_StartRunBatch.html; batch-level failures in the developer guide:
 * https://docs.aws.amazon.com/omics/latest/dev/workflows-batch.html.
 */
final class RunSettingsFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHANGED = "s3UriConfigs have changed since calling StartRunBatch";
    private static final String TRANSIENT = "There was a transient error in the service. Retry the batch.";

    /** The file's JSON, or why the batch fails (event failureReason code and GetBatch prose). */
    record Read(JsonNode json, String failureReason, String failureMessage) {
        static Read failed(String reason, String message) {
            return new Read(null, reason, message);
        }
    }

    private final S3Client s3;

    RunSettingsFile(S3Client s3) {
        this.s3 = s3;
        this.inputSheets = new RunInputSheets(s3);
    }

    private final RunInputSheets inputSheets;

    /** The samplesheets runs read as inputs, from the same S3 server. */
    RunInputSheets inputSheets() {
        return inputSheets;
    }

    /**
     * Records the object's ETag on the batch at StartRunBatch. When {@code deferProblems}, an unreadable object is
     * noted on the batch (it fails at validation); otherwise it answers the call: 404 → ValidationException, 403 →
     * AccessDeniedException, anything else → InternalServerException.
     */
    void recordETag(RunBatch batch, boolean deferProblems) {
        String uri = batch.s3Location.toString();
        try {
            batch.s3ETag = s3.headObject(r -> r.bucket(batch.s3Location.bucket()).key(batch.s3Location.key())).eTag();
        } catch (S3Exception e) {
            String problem = e.statusCode() == 404
                    ? "s3UriSettings " + uri + " does not exist (" + errorCode(e) + ")."
                    : "The service role cannot read s3UriSettings " + uri + " (" + errorCode(e) + ", HTTP " + e.statusCode() + ").";
            if (deferProblems) {
                batch.s3ProblemAtStart = problem;
            } else if (e.statusCode() == 403) {
                throw OmicsException.accessDenied(problem);
            } else if (e.statusCode() == 404) {
                throw OmicsException.validation(problem);
            } else {
                throw OmicsException.internal("Could not check s3UriSettings " + uri + ": " + e.getMessage());
            }
        } catch (SdkException e) {
            throw OmicsException.internal("Could not check s3UriSettings " + uri + ": " + e.getMessage());
        }
    }

    /** Reads the file if its ETag is still the recorded one. */
    Read read(RunBatch batch) {
        String uri = batch.s3Location.toString();
        if (batch.s3ETag == null) {
            return Read.failed("VALIDATION_EXCEPTION", batch.s3ProblemAtStart != null ? batch.s3ProblemAtStart
                    : "s3UriSettings " + uri + " could not be read.");
        }
        try {
            String current = s3.headObject(r -> r.bucket(batch.s3Location.bucket()).key(batch.s3Location.key())).eTag();
            if (!batch.s3ETag.equals(current)) {
                return Read.failed("VALIDATION_EXCEPTION", "Expected s3UriConfigs etag: " + batch.s3ETag + " but was: "
                        + current + ". " + CHANGED);
            }
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(r -> r.bucket(batch.s3Location.bucket())
                    .key(batch.s3Location.key()).ifMatch(batch.s3ETag));
            try {
                return new Read(JSON.readTree(bytes.asByteArray()), null, null);
            } catch (JsonProcessingException e) {
                return Read.failed("VALIDATION_EXCEPTION", "Invalid JSON format in run configurations: " + e.getOriginalMessage());
            } catch (IOException e) {
                return Read.failed("VALIDATION_EXCEPTION", "Invalid JSON format in run configurations.");
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 404 || e.statusCode() == 412) {
                return Read.failed("VALIDATION_EXCEPTION", "Expected s3UriConfigs etag: " + batch.s3ETag + " but "
                        + (e.statusCode() == 404 ? "the object no longer exists" : "it no longer matches") + ". " + CHANGED);
            }
            if (e.statusCode() == 403) {
                return Read.failed("ACCESS_DENIED_EXCEPTION", "The service role can no longer read s3UriSettings " + uri + ".");
            }
            return Read.failed("INTERNAL_SERVER_EXCEPTION", TRANSIENT);
        } catch (SdkException e) {
            return Read.failed("INTERNAL_SERVER_EXCEPTION", TRANSIENT);
        }
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : "HTTP " + e.statusCode();
    }
}
