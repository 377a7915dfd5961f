package io.omicsdropzone.config;

import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.validation.Preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pre-flight switches, read with the rest of the configuration. A value handed to the submit use case, not a global:
 * once pipelines exist each carries its own.
 *
 * @param checkInputs whether the {@code s3://} inputs the runs name are checked to exist ({@code CHECK_INPUTS},
 *                    default {@code true}); off for buckets the dropzone may not see
 * @param concurrency input checks in flight at once ({@code INPUT_CHECK_CONCURRENCY}, 1–256, default 16); the HTTP
 *                    client keeps as many connections alive ({@code HTTP_MAX_CONNECTIONS}, applied by
 *                    {@code AwsClients})
 */
public record PreflightSettings(boolean checkInputs, int concurrency) {

    public static final String CHECK_INPUTS = "CHECK_INPUTS";
    public static final String INPUT_CHECK_CONCURRENCY = "INPUT_CHECK_CONCURRENCY";
    /** Read by {@code AwsClients}; validated here with the rest of the configuration. */
    public static final String HTTP_MAX_CONNECTIONS = "HTTP_MAX_CONNECTIONS";
    static final int MAX_CONCURRENCY = 256;
    public static final PreflightSettings DEFAULT = new PreflightSettings(true);

    public PreflightSettings(boolean checkInputs) {
        this(checkInputs, Preflight.DEFAULT_CONCURRENCY);
    }

    /** @throws ConfigException naming every malformed variable of CHECK_INPUTS, INPUT_CHECK_CONCURRENCY, HTTP_MAX_CONNECTIONS */
    public static PreflightSettings fromEnvironment(Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        String value = environment.get(CHECK_INPUTS);
        boolean checkInputs = true;
        if (value != null && !value.isBlank() && !value.trim().equalsIgnoreCase("true")) {
            if (value.trim().equalsIgnoreCase("false")) {
                checkInputs = false;
            } else {
                problems.add(CHECK_INPUTS + " must be true or false, not '" + value.trim() + "'");
            }
        }
        int concurrency = count(environment, INPUT_CHECK_CONCURRENCY, Preflight.DEFAULT_CONCURRENCY, problems);
        count(environment, HTTP_MAX_CONNECTIONS, concurrency, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new PreflightSettings(checkInputs, concurrency);
    }

    /** An integer from 1 to {@value #MAX_CONCURRENCY}, or {@code fallback} when unset. */
    public static int count(Map<String, String> environment, String name, int fallback, List<String> problems) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1 && parsed <= MAX_CONCURRENCY) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + " must be a whole number from 1 to " + MAX_CONCURRENCY + ", not '" + value.trim() + "'");
        return fallback;
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
