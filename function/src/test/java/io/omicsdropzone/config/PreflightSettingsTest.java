package io.omicsdropzone.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreflightSettingsTest {

    @Test
    void defaults_check_inputs_16_at_a_time() {
        assertThat(PreflightSettings.fromEnvironment(Map.of())).isEqualTo(new PreflightSettings(true, 16));
    }

    @Test
    void concurrency_and_connections_are_read_and_checked_together_with_check_inputs() {
        assertThat(PreflightSettings.fromEnvironment(Map.of(PreflightSettings.INPUT_CHECK_CONCURRENCY, " 32 ",
                PreflightSettings.CHECK_INPUTS, "false"))).isEqualTo(new PreflightSettings(false, 32));

        assertThatThrownBy(() -> PreflightSettings.fromEnvironment(Map.of(PreflightSettings.CHECK_INPUTS, "maybe",
                PreflightSettings.INPUT_CHECK_CONCURRENCY, "0", PreflightSettings.HTTP_MAX_CONNECTIONS, "lots")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CHECK_INPUTS must be true or false, not 'maybe'")
                .hasMessageContaining("INPUT_CHECK_CONCURRENCY must be a whole number from 1 to 256, not '0'")
                .hasMessageContaining("HTTP_MAX_CONNECTIONS must be a whole number from 1 to 256, not 'lots'");
    }
}
