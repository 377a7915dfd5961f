package io.omicsdropzone.local.standins.faults;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * What a fault rule sees of one request: the service operation it calls and, for S3, the bucket and object key
 * (path-style addressing, decoded). {@code key} is null for bucket-level S3 calls and for the other services.
 */
public record FrontRequest(Service service, String method, String rawPath, String rawQuery, String operation,
                           String bucket, String key) {

    static FrontRequest of(Service service, HttpHead head, byte[] bufferedBody) {
        String target = head.target();
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String rawQuery = question < 0 ? "" : target.substring(question + 1);
        String bucket = null;
        String key = null;
        if (service == Service.S3) {
            String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
            int slash = path.indexOf('/');
            bucket = decode(slash < 0 ? path : path.substring(0, slash));
            key = slash < 0 || slash == path.length() - 1 ? null : decode(path.substring(slash + 1));
            if (bucket.isEmpty()) {
                bucket = null;
            }
        }
        String operation = service.operation(head, rawQuery, key != null, bufferedBody);
        return new FrontRequest(service, head.method(), rawPath, rawQuery, operation, bucket, key);
    }

    /** S3 percent-encodes keys in the path; a literal '+' stays a plus there, unlike in form bodies. */
    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
