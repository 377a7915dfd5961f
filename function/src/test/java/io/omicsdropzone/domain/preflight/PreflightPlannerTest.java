package io.omicsdropzone.domain.preflight;

import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.spool.MemorySpool;
import io.omicsdropzone.validation.InputObjects;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Whose input checks run: the deployment's CHECK_INPUTS, unless the drop's pipeline says otherwise. */
class PreflightPlannerTest {

    static final DefaultRunSetting SETTING = new DefaultRunSetting("1234567",
            "arn:aws:iam::123456789012:role/omics-runs", "{\"workflowId\":\"1234567\"}");
    static final WorkflowCatalog CATALOG = (id, version) -> new WorkflowDescription(id, version,
            WorkflowDescription.ACTIVE, "PRIVATE", null, Map.of("sample", false));
    static final MemorySpool SPOOL = new MemorySpool();
    static final InputObjects INPUTS = new InputObjects() {
        @Override
        public Existence object(String bucket, String key) {
            return Existence.FOUND;
        }

        @Override
        public Existence anyUnder(String bucket, String prefix) {
            return Existence.FOUND;
        }
    };

    @Test
    void a_pipeline_s_own_check_inputs_wins_over_the_deployment_s() {
        PreflightPlanner checksByDefault = new PreflightPlanner(CATALOG, INPUTS, SPOOL, true, 4);
        PreflightPlanner offByDefault = new PreflightPlanner(CATALOG, INPUTS, SPOOL, false, 4);

        assertThat(checksByDefault.plan(SETTING).checks().inputs()).isSameAs(INPUTS);
        assertThat(checksByDefault.plan(SETTING, Optional.of(false)).checks().inputs()).isNull();
        assertThat(offByDefault.plan(SETTING).checks().inputs()).isNull();
        assertThat(offByDefault.plan(SETTING, Optional.of(true)).checks().inputs()).isSameAs(INPUTS);
        // Parameters are checked either way.
        assertThat(offByDefault.plan(SETTING, Optional.of(false)).checks().parameters()).isNotNull();
    }

    @Test
    void without_an_input_store_nothing_switches_input_checks_on() {
        PreflightPlanner noStore = new PreflightPlanner(CATALOG, null, SPOOL, 4);

        assertThat(noStore.plan(SETTING, Optional.of(true)).checks().inputs()).isNull();
    }
}
