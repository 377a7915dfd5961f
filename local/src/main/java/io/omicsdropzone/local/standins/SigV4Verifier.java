package io.omicsdropzone.local.standins;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * An independent AWS Signature Version 4 check of a request received by a stand-in (header-based signatures only).
 * It recomputes the canonical request from what arrived on the wire, with the rules of non-S3 services: the path is
 * normalised and URI-encoded a second time, query parameters are sorted, the payload hash is the SHA-256 of the body
 * (or {@code x-amz-content-sha256} when the client sent it), and the request date must be within 15 minutes.
 * Written from the AWS General Reference, not from the SDK, so that it catches signer bugs instead of repeating them.
 */
final class SigV4Verifier {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);

    enum Problem { NONE, MISSING, MALFORMED, UNKNOWN_ACCESS_KEY, WRONG_SERVICE, WRONG_REGION, EXPIRED, SIGNATURE_MISMATCH }

    record Outcome(Problem problem, String message) {
        boolean ok() {
            return problem == Problem.NONE;
        }

        /**
         * The 403 error code query-protocol services (SNS, SQS) answer for this problem ("Common Errors" in their API
         * references): MissingAuthenticationToken, InvalidClientTokenId, IncompleteSignature, SignatureDoesNotMatch.
         */
        String queryErrorCode() {
            return switch (problem) {
                case MISSING -> "MissingAuthenticationToken";
                case UNKNOWN_ACCESS_KEY -> "InvalidClientTokenId";
                case MALFORMED -> "IncompleteSignature";
                default -> "SignatureDoesNotMatch";
            };
        }
    }

    private final String service;
    private final String region;
    private final AwsCredentials credentials;
    private final Clock clock;

    SigV4Verifier(String service, String region, AwsCredentials credentials, Clock clock) {
        this.service = service;
        this.region = region;
        this.credentials = credentials;
        this.clock = clock;
    }

    Outcome verify(LocalHttpServer.Request request) {
        return verify(request.method(), request.rawPath(), request.rawQuery(), request.headers(), request.body());
    }

    Outcome verify(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        String authorization = first(headers, "authorization");
        if (authorization == null || authorization.isBlank()) {
            return new Outcome(Problem.MISSING, "Missing Authentication Token");
        }
        if (!authorization.startsWith(ALGORITHM + " ")) {
            return new Outcome(Problem.MALFORMED, "Unsupported authorization type (only " + ALGORITHM + " is accepted)");
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String credential = parts.get("Credential");
        String signedHeaders = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            return new Outcome(Problem.MALFORMED,
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization="
                            + authorization);
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            return new Outcome(Problem.MALFORMED, "Credential should be of the form ACCESS_KEY/DATE/REGION/SERVICE/aws4_request");
        }
        if (!credentials.accessKeyId().equals(scope[0])) {
            return new Outcome(Problem.UNKNOWN_ACCESS_KEY, "The security token included in the request is invalid.");
        }
        if (!service.equals(scope[3])) {
            return new Outcome(Problem.WRONG_SERVICE,
                    "Credential should be scoped to correct service: '" + service + "'.");
        }
        if (!region.equals(scope[2])) {
            return new Outcome(Problem.WRONG_REGION,
                    "Credential should be scoped to a valid region, not '" + scope[2] + "'.");
        }
        String amzDate = first(headers, "x-amz-date");
        if (amzDate == null) {
            return new Outcome(Problem.MALFORMED, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        Instant requestTime;
        try {
            requestTime = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return new Outcome(Problem.MALFORMED, "X-Amz-Date '" + amzDate + "' is not of the form yyyyMMdd'T'HHmmss'Z'");
        }
        if (!amzDate.startsWith(scope[1])) {
            return new Outcome(Problem.SIGNATURE_MISMATCH, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + scope[1] + "' != '" + amzDate.substring(0, 8) + "'");
        }
        Instant now = clock.instant();
        if (Duration.between(requestTime, now).abs().compareTo(MAX_SKEW) > 0) {
            return new Outcome(Problem.EXPIRED, "Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(LocalDateTime.ofInstant(now.minus(MAX_SKEW), ZoneOffset.UTC)) + " ("
                    + AMZ_DATE.format(LocalDateTime.ofInstant(now, ZoneOffset.UTC)) + " - 15 min.)");
        }
        List<String> signed = Arrays.asList(signedHeaders.split(";"));
        if (!signed.contains("host")) {
            return new Outcome(Problem.SIGNATURE_MISMATCH, "'Host' must be a signed header.");
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signed) {
            List<String> values = headers.get(name);
            if (values == null) {
                return new Outcome(Problem.SIGNATURE_MISMATCH, "Signed header '" + name + "' is missing from the request.");
            }
            List<String> trimmed = new ArrayList<>();
            for (String value : values) {
                trimmed.add(value.trim().replaceAll(" +", " "));
            }
            canonicalHeaders.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        String contentSha = first(headers, "x-amz-content-sha256");
        String payloadHash = contentSha != null ? contentSha : hex(sha256(body));
        if (contentSha != null && !contentSha.equals("UNSIGNED-PAYLOAD") && !contentSha.equals(hex(sha256(body)))) {
            return new Outcome(Problem.SIGNATURE_MISMATCH, "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        String canonicalRequest = method + "\n"
                + canonicalUri(rawPath) + "\n"
                + canonicalQuery(rawQuery) + "\n"
                + canonicalHeaders + "\n"
                + signedHeaders + "\n"
                + payloadHash;
        String credentialScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + credentialScope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, scope[2]);
        key = hmac(key, scope[3]);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return new Outcome(Problem.SIGNATURE_MISMATCH,
                    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. "
                            + "Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'"
                            + canonicalRequest + "'\n\nThe String-to-Sign should have been\n'" + stringToSign + "'\n");
        }
        return new Outcome(Problem.NONE, "");
    }

    /** Non-S3 rule: remove dot segments, then URI-encode the (already encoded) path once more, keeping '/'. */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        String[] split = rawPath.split("/", -1);
        for (int i = 1; i < split.length; i++) {
            String segment = split[i];
            if (segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
                continue;
            }
            segments.add(segment);
        }
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(encode(segment));
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            pairs.add(new String[] {encode(name), encode(value)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> joined = new ArrayList<>();
        for (String[] pair : pairs) {
            joined.add(pair[0] + "=" + pair[1]);
        }
        return String.join("&", joined);
    }

    /** RFC 3986 encoding as SigV4 wants it: only A-Z a-z 0-9 - _ . ~ stay as they are. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    private static String decode(String value) {
        // Query strings on the wire use %20 for spaces; a literal '+' must stay a '+'.
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
