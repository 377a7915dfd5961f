package io.omicsdropzone.omics;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OmicsEndpointTest {

    @Test
    void production_endpoint_carries_the_workflows_host_prefix() {
        assertThat(OmicsEndpoint.resolve(Map.of(), Map.of(), "eu-west-1"))
                .isEqualTo(URI.create("https://workflows-omics.eu-west-1.amazonaws.com"));
    }

    @Test
    void service_specific_override_wins_and_is_used_as_is() {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL_OMICS", "http://127.0.0.1:4566/",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9999");

        assertThat(OmicsEndpoint.resolve(env, Map.of(), "us-east-1")).isEqualTo(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void global_override_and_system_properties_follow_the_sdk_order() {
        assertThat(OmicsEndpoint.resolve(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9999"), Map.of(), "us-east-1"))
                .isEqualTo(URI.create("http://127.0.0.1:9999"));
        assertThat(OmicsEndpoint.resolve(Map.of("AWS_ENDPOINT_URL_OMICS", "http://env"),
                Map.of("aws.endpointUrlOmics", "http://prop"), "us-east-1")).isEqualTo(URI.create("http://prop"));
    }

    @Test
    void overrides_can_be_switched_off() {
        assertThat(OmicsEndpoint.resolve(Map.of("AWS_ENDPOINT_URL_OMICS", "http://127.0.0.1:1",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), Map.of(), "us-west-2"))
                .isEqualTo(URI.create("https://workflows-omics.us-west-2.amazonaws.com"));
    }
}
