package io.omicsdropzone.cli;

import io.omicsdropzone.app.TempFileSpool;
import io.omicsdropzone.aws.AwsClients;
import io.omicsdropzone.aws.S3InputObjects;
import io.omicsdropzone.config.PreflightSettings;
import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.domain.preflight.PreflightPlan;
import io.omicsdropzone.domain.preflight.PreflightPlanner;
import io.omicsdropzone.validation.Preflight;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code validate … --preflight}: the submit function's pre-flight checks with the caller's credentials and
 * configuration ({@code DEFAULT_RUN_SETTING}, {@code CHECK_INPUTS}, the SDK's standard chains). Without the option
 * {@code validate} stays offline.
 */
final class PreflightOption implements AutoCloseable {

    static final String FLAG = "--preflight";

    private final AwsClients clients;
    private final Preflight checks;

    private PreflightOption(AwsClients clients, Preflight checks) {
        this.clients = clients;
        this.checks = checks;
    }

    /**
     * Reads the configuration and looks the workflow up; says on {@code err} when parameters cannot be checked.
     *
     * @throws io.omicsdropzone.config.ConfigException when DEFAULT_RUN_SETTING or CHECK_INPUTS is missing or malformed
     */
    static PreflightOption prepare(Map<String, String> environment, Properties systemProperties, PrintStream err) {
        return prepare(environment, systemProperties, err, PreflightSettings.defaultRunSetting(environment),
                Optional.empty());
    }

    /**
     * As above, for a pipeline: the workflow of its {@code setting}, and its own {@code checkInputs} when it has one.
     */
    static PreflightOption prepare(Map<String, String> environment, Properties systemProperties, PrintStream err,
                                   DefaultRunSetting setting, Optional<Boolean> checkInputs) {
        PreflightSettings configured = PreflightSettings.fromEnvironment(environment);
        PreflightSettings settings = new PreflightSettings(checkInputs.orElse(configured.checkInputs()),
                configured.concurrency());
        AwsClients clients = AwsClients.fromStandardChain(environment, systemProperties);
        try {
            PreflightPlan plan = new PreflightPlanner(clients.workflows(),
                    settings.checkInputs() ? new S3InputObjects(clients.s3()) : null, new TempFileSpool(),
                    settings.concurrency())
                    .plan(setting);
            if (plan.parametersNotChecked() != null) {
                err.println("pre-flight: " + plan.parametersNotChecked());
            }
            if (!settings.checkInputs()) {
                err.println("pre-flight: input files not checked (" + (checkInputs.isPresent()
                        ? "the pipeline's checkInputs is false" : PreflightSettings.CHECK_INPUTS + "=false") + ")");
            }
            return new PreflightOption(clients, plan.checks());
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    Preflight checks() {
        return checks;
    }

    @Override
    public void close() {
        clients.close();
    }
}
