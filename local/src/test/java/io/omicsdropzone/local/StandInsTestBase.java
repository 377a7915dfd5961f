package io.omicsdropzone.local;

import io.omicsdropzone.local.standins.OmicsBatchEmulator;
import io.omicsdropzone.local.standins.SnsEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One {@link LocalEnvironment} (stand-ins, bucket, table, topic) per test class: started before the first test,
 * stopped after the last. Test classes run one after another, so the shared fields always belong to the running class.
 */
public abstract class StandInsTestBase {

    protected static LocalEnvironment env;
    protected static OmicsBatchEmulator omics;
    protected static SnsEndpoint sns;

    @BeforeAll
    static void startStandIns() {
        env = LocalEnvironment.start();
        omics = env.standIns().omics();
        sns = env.standIns().sns();
    }

    @AfterAll
    static void stopStandIns() {
        env.close();
    }
}
