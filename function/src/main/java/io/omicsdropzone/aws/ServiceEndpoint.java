package io.omicsdropzone.aws;

import java.net.URI;
import java.util.Map;

/**
 * Where a hand-signed call goes, resolved as the SDK resolves a client's endpoint: the service-specific
 * {@code AWS_ENDPOINT_URL_<SERVICE>} (system property {@code aws.endpointUrl<Service>}), then the global
 * {@code AWS_ENDPOINT_URL} ({@code aws.endpointUrl}), unless {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true};
 * otherwise the regional endpoint {@code https://<prefix>.<region>.amazonaws.com} (".com.cn" in China)
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html,
 * https://docs.aws.amazon.com/general/latest/gr/lambda-service.html, https://docs.aws.amazon.com/general/latest/gr/sqs-service.html).
 */
final class ServiceEndpoint {

    private ServiceEndpoint() {
    }

    /**
     * @param serviceId the SDK's service id as the variable spells it ({@code LAMBDA}, {@code SQS})
     * @param endpointPrefix the regional host's first label ({@code lambda}, {@code sqs})
     */
    static URI resolve(Map<String, String> environment, Map<String, String> systemProperties, String region,
                       String serviceId, String endpointPrefix) {
        boolean ignoreConfigured = "true".equalsIgnoreCase(firstSet(
                systemProperties.get("aws.ignoreConfiguredEndpointUrls"),
                environment.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")));
        if (!ignoreConfigured) {
            String property = "aws.endpointUrl" + serviceId.charAt(0) + serviceId.substring(1).toLowerCase(java.util.Locale.ROOT);
            String configured = firstSet(systemProperties.get(property), environment.get("AWS_ENDPOINT_URL_" + serviceId),
                    systemProperties.get("aws.endpointUrl"), environment.get("AWS_ENDPOINT_URL"));
            if (configured != null) {
                return withoutTrailingSlash(URI.create(configured));
            }
        }
        String suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return URI.create("https://" + endpointPrefix + "." + region + "." + suffix);
    }

    static URI withoutTrailingSlash(URI endpoint) {
        String text = endpoint.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : endpoint;
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
