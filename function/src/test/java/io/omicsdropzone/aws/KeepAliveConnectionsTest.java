package io.omicsdropzone.aws;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Which keep-alive size is applied; the JVM-wide property itself is set once, by the composition root. */
class KeepAliveConnectionsTest {

    @Test
    void the_connections_follow_the_check_concurrency_unless_set_explicitly() {
        Properties none = new Properties();
        Properties given = new Properties();
        given.setProperty("http.maxConnections", "40");

        assertThat(KeepAliveConnections.resolve(Map.of(), none)).isEqualTo(16);
        assertThat(KeepAliveConnections.resolve(Map.of("INPUT_CHECK_CONCURRENCY", "24"), none)).isEqualTo(24);
        assertThat(KeepAliveConnections.resolve(Map.of("INPUT_CHECK_CONCURRENCY", "24",
                "HTTP_MAX_CONNECTIONS", "32"), none)).isEqualTo(32);
        assertThat(KeepAliveConnections.resolve(Map.of("HTTP_MAX_CONNECTIONS", "32"), given)).isEqualTo(40);
    }
}
