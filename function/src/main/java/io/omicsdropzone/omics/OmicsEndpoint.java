package io.omicsdropzone.omics;

import java.net.URI;
import java.util.Map;

/**
 * Where HealthOmics batch calls go, resolved the way the SDK resolves service endpoints: the service-specific
 * {@code AWS_ENDPOINT_URL_OMICS} (or system property {@code aws.endpointUrlOmics}), then the global
 * {@code AWS_ENDPOINT_URL} ({@code aws.endpointUrl}), unless {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true};
 * otherwise the regional endpoint with the operations' {@code workflows-} host prefix. An override is used as is.
 */
public final class OmicsEndpoint {

    private OmicsEndpoint() {
    }

    public static URI resolve(Map<String, String> environment, Map<String, String> systemProperties, String region) {
        boolean ignoreConfigured = "true".equalsIgnoreCase(
                firstSet(systemProperties.get("aws.ignoreConfiguredEndpointUrls"),
                        environment.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")));
        if (!ignoreConfigured) {
            String configured = firstSet(systemProperties.get("aws.endpointUrlOmics"),
                    environment.get("AWS_ENDPOINT_URL_OMICS"),
                    systemProperties.get("aws.endpointUrl"),
                    environment.get("AWS_ENDPOINT_URL"));
            if (configured != null) {
                return URI.create(configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured);
            }
        }
        return URI.create("https://workflows-omics." + region + ".amazonaws.com");
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }
}
