package io.omicsdropzone.local.standins.faults;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The three protocols the fronts stand before, and how each names the operation a request calls, as the SDK v2
 * clients send them:
 * <ul>
 *   <li>S3 (REST-XML, path-style): method, whether the path has a key, a few sub-resources and the
 *       {@code x-amz-copy-source} header (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html);</li>
 *   <li>DynamoDB (AWS JSON 1.0): the {@code X-Amz-Target} header, e.g. {@code DynamoDB_20120810.UpdateItem}
 *       (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html);</li>
 *   <li>SNS (AWS Query; SDK 2.57.8's SnsClient still marshals with {@code AwsQueryProtocolFactory}): the
 *       {@code Action} parameter of the form-encoded POST body
 *       (https://docs.aws.amazon.com/sns/latest/api/CommonParameters.html).</li>
 * </ul>
 */
public enum Service {
    S3,
    DYNAMODB,
    SNS;

    /** SNS needs the request body to know the operation, DynamoDB to know the table (for the call ledger); S3 is
     *  matched from the head and streamed. */
    boolean needsBody() {
        return this == SNS || this == DYNAMODB;
    }

    String operation(HttpHead head, String rawQuery, boolean hasKey, byte[] body) {
        return switch (this) {
            case S3 -> s3Operation(head.method(), rawQuery, hasKey, head.header("x-amz-copy-source") != null);
            case DYNAMODB -> {
                String target = head.header("X-Amz-Target");
                yield target == null ? "" : target.substring(target.indexOf('.') + 1);
            }
            case SNS -> formParameter(body, "Action");
        };
    }

    private static String s3Operation(String method, String query, boolean hasKey, boolean copySource) {
        boolean uploadId = hasParameter(query, "uploadId");
        if (!hasKey) {
            return switch (method) {
                case "PUT" -> "CreateBucket";
                case "HEAD" -> "HeadBucket";
                case "DELETE" -> "DeleteBucket";
                // list-type=2 marks ListObjectsV2 (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html)
                case "GET" -> hasParameter(query, "uploads") ? "ListMultipartUploads"
                        : query.contains("list-type=2") ? "ListObjectsV2" : "ListObjects";
                case "POST" -> hasParameter(query, "delete") ? "DeleteObjects" : "PostBucket";
                default -> method;
            };
        }
        return switch (method) {
            case "HEAD" -> "HeadObject";
            case "GET" -> uploadId ? "ListParts" : "GetObject";
            case "DELETE" -> uploadId ? "AbortMultipartUpload" : "DeleteObject";
            case "PUT" -> uploadId ? (copySource ? "UploadPartCopy" : "UploadPart") : copySource ? "CopyObject" : "PutObject";
            case "POST" -> hasParameter(query, "uploads") ? "CreateMultipartUpload"
                    : uploadId ? "CompleteMultipartUpload" : "PostObject";
            default -> method;
        };
    }

    private static boolean hasParameter(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if ((eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String formParameter(byte[] body, String name) {
        if (body == null) {
            return "";
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }
}
