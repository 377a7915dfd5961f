package io.omicsdropzone.aws;

import java.util.Map;
import java.util.Properties;

/**
 * Sizes the JDK's keep-alive cache, which the url-connection HTTP client relies on for connection reuse, to the
 * input checks' concurrency. {@code HttpURLConnection} keeps at most {@code http.maxConnections} idle connections per
 * destination (default 5; JDK {@code sun.net.www.http.KeepAliveCache}, documented in "Networking Properties",
 * https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/net/doc-files/net-properties.html): with 16
 * checks in flight, 11 connections are closed after each answer and reopened, with a TLS handshake each in AWS.
 * The JDK reads the property once per process, on the first connection it caches: set it before any client is
 * used. A value given with {@code -Dhttp.maxConnections} wins.
 */
final class KeepAliveConnections {

    static final String PROPERTY = "http.maxConnections";
    static final String HTTP_MAX_CONNECTIONS = "HTTP_MAX_CONNECTIONS";
    static final String INPUT_CHECK_CONCURRENCY = "INPUT_CHECK_CONCURRENCY";
    static final int DEFAULT = 16;

    private KeepAliveConnections() {
    }

    /** Sets {@value #PROPERTY} from the environment unless already set; returns the value in force. */
    static int apply(Map<String, String> environment, Properties systemProperties) {
        int connections = resolve(environment, systemProperties);
        if (!isSet(systemProperties.getProperty(PROPERTY))) {
            System.setProperty(PROPERTY, Integer.toString(connections));
        }
        return connections;
    }

    /** A {@code -Dhttp.maxConnections} wins, then HTTP_MAX_CONNECTIONS, then INPUT_CHECK_CONCURRENCY, then 16. */
    static int resolve(Map<String, String> environment, Properties systemProperties) {
        String given = systemProperties.getProperty(PROPERTY);
        if (isSet(given)) {
            return parse(given, DEFAULT);
        }
        return parse(environment.get(HTTP_MAX_CONNECTIONS), parse(environment.get(INPUT_CHECK_CONCURRENCY), DEFAULT));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /** Malformed values were refused with the configuration (PreflightSettings); here they only fall back. */
    private static int parse(String value, int fallback) {
        try {
            int parsed = value == null ? fallback : Integer.parseInt(value.trim());
            return parsed > 0 ? parsed : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
