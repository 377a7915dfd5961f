package io.omicsdropzone.local;

import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.handler.S3DropHandler;
import io.omicsdropzone.handler.S3Records;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AOT cache's training drop must take the path a valid drop takes (validation, pre-flight, snapshot,
 * StartRunBatch): the build on JDK 25 fails when it does not, and this checks the same on any JDK.
 */
class AotCacheTrainingTest extends StandInsTestBase {

    @Test
    void the_training_drop_is_valid_and_reaches_start_run_batch() {
        String event = AotCacheTraining.upload(env);

        List<DropResult> results = S3DropHandler.handle(S3Records.droppedObjects(S3EventJson.parse(event)),
                env.dropzone().submitDrop(), Instant.now().plusSeconds(120));

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.drop().status()).as(String.valueOf(result.drop().errors())).isEqualTo(DropStatus.SUBMITTED);
            assertThat(result.drop().runCount()).isEqualTo(20);
        });
    }
}
