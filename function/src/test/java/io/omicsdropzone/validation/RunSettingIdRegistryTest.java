package io.omicsdropzone.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunSettingIdRegistryTest {

    private final RunSettingIdRegistry ids = new RunSettingIdRegistry();

    @Test
    void remembersTheFirstEntryOfEachIdAcrossGrowth() {
        for (int i = 0; i < 100_000; i++) {
            assertThat(ids.recordFirstUse("sample-" + i, i)).isEqualTo(RunSettingIdRegistry.NEW_ID);
        }

        assertThat(ids.size()).isEqualTo(100_000);
        assertThat(ids.recordFirstUse("sample-0", 100_000)).isZero();
        assertThat(ids.recordFirstUse(new String("sample-77777"), 100_001)).isEqualTo(77_777);
        assertThat(ids.size()).isEqualTo(100_000);
    }

    @Test
    void idsWithTheSameStringHashAreStillTold() {
        // "Aa" and "BB" share String.hashCode(); so does every sequence built from them.
        assertThat("AaBB".hashCode()).isEqualTo("BBAa".hashCode());

        assertThat(ids.recordFirstUse("AaBB", 0)).isEqualTo(RunSettingIdRegistry.NEW_ID);
        assertThat(ids.recordFirstUse("BBAa", 1)).isEqualTo(RunSettingIdRegistry.NEW_ID);
        assertThat(ids.recordFirstUse("BBAa", 2)).isEqualTo(1);
    }
}
