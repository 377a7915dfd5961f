package io.omicsdropzone.aws;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Endpoints of the hand-signed calls resolve as the SDK resolves its clients' (service variable, global, regional). */
class ServiceEndpointTest {

    @Test
    void the_service_variable_wins_over_the_global_one_and_a_trailing_slash_is_dropped() {
        URI endpoint = ServiceEndpoint.resolve(Map.of("AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:9001/",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9000"), Map.of(), "us-east-1", "LAMBDA", "lambda");

        assertThat(endpoint).isEqualTo(URI.create("http://127.0.0.1:9001"));
    }

    @Test
    void the_system_property_wins_over_the_variables() {
        URI endpoint = ServiceEndpoint.resolve(Map.of("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9001"),
                Map.of("aws.endpointUrlSqs", "http://127.0.0.1:9002"), "us-east-1", "SQS", "sqs");

        assertThat(endpoint).isEqualTo(URI.create("http://127.0.0.1:9002"));
    }

    @Test
    void the_global_variable_applies_when_no_service_one_is_set() {
        assertThat(ServiceEndpoint.resolve(Map.of("AWS_ENDPOINT_URL", "http://localhost:4566"), Map.of(), "eu-west-1",
                "SQS", "sqs")).isEqualTo(URI.create("http://localhost:4566"));
    }

    @Test
    void without_overrides_or_when_they_are_ignored_the_regional_endpoint_is_used() {
        assertThat(ServiceEndpoint.resolve(Map.of(), Map.of(), "eu-west-1", "LAMBDA", "lambda"))
                .isEqualTo(URI.create("https://lambda.eu-west-1.amazonaws.com"));
        assertThat(ServiceEndpoint.resolve(Map.of("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9001",
                        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), Map.of(), "cn-north-1", "SQS", "sqs"))
                .isEqualTo(URI.create("https://sqs.cn-north-1.amazonaws.com.cn"));
    }
}
