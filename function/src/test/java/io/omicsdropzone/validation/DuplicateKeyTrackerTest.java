package io.omicsdropzone.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicateKeyTrackerTest {

    private final DuplicateKeyTracker keys = new DuplicateKeyTracker();

    @Test
    void findsARepeatInTheInnermostObjectOnly() {
        keys.enterObject();
        assertThat(keys.isDuplicate("a")).isFalse();
        keys.enterObject();
        assertThat(keys.isDuplicate("a")).as("same key in a nested object").isFalse();
        assertThat(keys.isDuplicate("a")).isTrue();
        keys.exitObject();
        assertThat(keys.isDuplicate("b")).isFalse();
        assertThat(keys.isDuplicate("a")).isTrue();
        keys.exitObject();
    }

    @Test
    void comparesByValueNotIdentity() {
        keys.enterObject();
        keys.isDuplicate(new String("sample"));

        assertThat(keys.isDuplicate(new String("sample"))).isTrue();
    }

    @Test
    void aWideObjectSwitchesToASetAndStillFindsRepeats() {
        keys.enterObject();
        for (int i = 0; i < 1_000; i++) {
            assertThat(keys.isDuplicate("k" + i)).isFalse();
        }
        keys.enterObject();
        assertThat(keys.isDuplicate("k3")).as("nested object after a wide one").isFalse();
        keys.exitObject();

        assertThat(keys.isDuplicate("k3")).isTrue();
        assertThat(keys.isDuplicate("k999")).isTrue();
        keys.exitObject();

        keys.enterObject();
        assertThat(keys.isDuplicate("k3")).as("a new object at the same depth starts empty").isFalse();
    }

    @Test
    void stopsRememberingAtTheCapAndRecoversWhenObjectsClose() {
        keys.enterObject();
        for (int i = 0; i < DuplicateKeyTracker.MAX_TRACKED_KEYS; i++) {
            keys.isDuplicate("k" + i);
        }

        assertThat(keys.isDuplicate("k42")).as("remembered keys are still found").isTrue();
        assertThat(keys.isDuplicate("beyond")).isFalse();
        assertThat(keys.isDuplicate("beyond")).as("a key past the cap is not remembered").isFalse();

        keys.exitObject();
        keys.enterObject();
        keys.isDuplicate("fresh");
        assertThat(keys.isDuplicate("fresh")).as("closing the object freed the budget").isTrue();
    }
}
