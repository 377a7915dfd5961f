package io.omicsdropzone.domain.preflight;

import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.spool.Spool;
import io.omicsdropzone.validation.CheckProgressStore;
import io.omicsdropzone.validation.InputObjects;
import io.omicsdropzone.validation.ParameterTemplate;
import io.omicsdropzone.validation.Preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, per drop, what pre-flight checks: the workflow (looked up once per workflow version and process, and only
 * when a drop needs it, never while SnapStart primes), its parameter template, and whether inputs are checked. A
 * workflow that cannot be read, or has no template, leaves the parameters unchecked with the reason said; a
 * retryable lookup error is thrown like any other retryable service error.
 */
public final class PreflightPlanner {

    private final WorkflowCatalog catalog;
    private final InputObjects inputs;
    private final Spool spool;
    private final boolean checkInputsByDefault;
    private final int concurrency;
    private final CheckProgressStore progress;
    /** Only ACTIVE workflows are cached: a workflow that is not may become ACTIVE, and should then be seen so. */
    private final Map<String, WorkflowDescription> workflows = new ConcurrentHashMap<>();

    /**
     * @param inputs where to check input files, or null when input checking is switched off ({@code CHECK_INPUTS})
     * @param spool  where the inputs a file names are sorted before they are checked
     */
    public PreflightPlanner(WorkflowCatalog catalog, InputObjects inputs, Spool spool, int concurrency) {
        this(catalog, inputs, spool, inputs != null, concurrency);
    }

    /**
     * @param inputs               where to check input files (null: never)
     * @param checkInputsByDefault {@code CHECK_INPUTS}: whether a drop whose pipeline does not say is checked
     */
    public PreflightPlanner(WorkflowCatalog catalog, InputObjects inputs, Spool spool, boolean checkInputsByDefault,
                            int concurrency) {
        this(catalog, inputs, spool, checkInputsByDefault, concurrency, CheckProgressStore.NONE);
    }

    /** @param progress where input checks too long for one invocation keep their progress between attempts */
    public PreflightPlanner(WorkflowCatalog catalog, InputObjects inputs, Spool spool, boolean checkInputsByDefault,
                            int concurrency, CheckProgressStore progress) {
        this.progress = progress;
        this.catalog = catalog;
        this.inputs = inputs;
        this.spool = spool;
        this.checkInputsByDefault = checkInputsByDefault;
        this.concurrency = concurrency;
    }

    public PreflightPlan plan(DefaultRunSetting setting) {
        return plan(setting, Optional.empty());
    }

    /** @param checkInputs the pipeline's own {@code checkInputs}; empty: the deployment's default */
    public PreflightPlan plan(DefaultRunSetting setting, Optional<Boolean> checkInputs) {
        InputObjects inputs = checkInputs.orElse(checkInputsByDefault) ? this.inputs : null;
        Map<String, Object> json = JsonReader.readObject(setting.json());
        String version = JsonReader.text(json, "workflowVersionName");
        Set<String> defaultNames = json.get("parameters") instanceof Map<?, ?> parameters
                ? parameterNames(parameters) : Set.of();
        WorkflowDescription workflow;
        try {
            workflow = describe(setting.workflowId(), version);
        } catch (BatchApiException e) {
            if (e.retryable()) {
                throw e;
            }
            String call = version == null ? "GetWorkflow" : "GetWorkflowVersion";
            String reason = call + " answered " + e.errorType() + " (" + e.getMessage() + ")"
                    + (e.kind() == BatchApiException.Kind.ACCESS_DENIED
                    ? "; the function needs omics:GetWorkflow on the configured workflow" : "");
            return new PreflightPlan(new Preflight(null, inputs, List.of(), concurrency, spool),
                    "parameters not checked: " + reason, progress);
        }
        List<String> problems = new ArrayList<>();
        if (!WorkflowDescription.ACTIVE.equals(workflow.status())) {
            problems.add(workflow.label() + " is " + workflow.status()
                    + (workflow.statusMessage() == null ? "" : " (" + workflow.statusMessage() + ")")
                    + "; HealthOmics starts runs only for ACTIVE workflows");
        }
        if (WorkflowDescription.READY2RUN.equals(workflow.type())) {
            problems.add(workflow.label() + " is a Ready2Run workflow; run batches do not support Ready2Run workflows");
        }
        if (workflow.parameterTemplate() == null) {
            return new PreflightPlan(new Preflight(null, inputs, problems, concurrency, spool),
                    "parameters not checked: " + workflow.label() + " has no parameter template", progress);
        }
        ParameterTemplate template = new ParameterTemplate(workflow.label(), workflow.parameterTemplate(),
                defaultNames);
        for (String unknown : template.unknown(defaultNames)) {
            String suggestion = template.suggestionFor(unknown);
            problems.add("the default run setting's parameter '" + unknown + "' is not a parameter of "
                    + workflow.label() + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"));
        }
        return new PreflightPlan(new Preflight(template, inputs, problems, concurrency, spool), null, progress);
    }

    private WorkflowDescription describe(String workflowId, String version) {
        String key = workflowId + "#" + (version == null ? "" : version);
        WorkflowDescription cached = workflows.get(key);
        if (cached != null) {
            return cached;
        }
        WorkflowDescription fetched = catalog.describe(workflowId, version);
        if (WorkflowDescription.ACTIVE.equals(fetched.status())) {
            workflows.put(key, fetched);
        }
        return fetched;
    }

    private static Set<String> parameterNames(Map<?, ?> parameters) {
        Set<String> names = new java.util.HashSet<>();
        parameters.keySet().forEach(name -> names.add(name.toString()));
        return names;
    }
}
