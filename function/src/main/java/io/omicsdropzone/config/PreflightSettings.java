package io.omicsdropzone.config;

import io.omicsdropzone.domain.DefaultRunSetting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pre-flight switches, read with the rest of the configuration. A value handed to the submit use case, not a global:
 * once pipelines exist each carries its own.
 *
 * @param checkInputs whether the {@code s3://} inputs the runs name are checked to exist ({@code CHECK_INPUTS},
 *                    default {@code true}); off for buckets the dropzone may not see
 */
public record PreflightSettings(boolean checkInputs) {

    public static final String CHECK_INPUTS = "CHECK_INPUTS";
    public static final PreflightSettings DEFAULT = new PreflightSettings(true);

    /** @throws ConfigException when CHECK_INPUTS is neither true nor false */
    public static PreflightSettings fromEnvironment(Map<String, String> environment) {
        String value = environment.get(CHECK_INPUTS);
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("true")) {
            return DEFAULT;
        }
        if (value.trim().equalsIgnoreCase("false")) {
            return new PreflightSettings(false);
        }
        throw new ConfigException(List.of(CHECK_INPUTS + " must be true or false, not '" + value.trim() + "'"));
    }

    /**
     * The workflow pre-flight checks against, from {@code DEFAULT_RUN_SETTING} alone: {@code validate --preflight}
     * needs neither the table nor the topic.
     *
     * @throws ConfigException when DEFAULT_RUN_SETTING is missing or malformed
     */
    public static DefaultRunSetting defaultRunSetting(Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        String json = environment.get(Config.DEFAULT_RUN_SETTING);
        if (json == null || json.isBlank()) {
            problems.add(Config.DEFAULT_RUN_SETTING + " is not set (pre-flight checks its workflow)");
            throw new ConfigException(problems);
        }
        DefaultRunSetting setting = DefaultRunSettingParser.parse(Config.DEFAULT_RUN_SETTING, json.trim(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return setting;
    }
}
