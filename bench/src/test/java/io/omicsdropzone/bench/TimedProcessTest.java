package io.omicsdropzone.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmarks' process runner: exit code and output kept, and the child sees only the environment it is given. */
class TimedProcessTest {

    @Test
    void theChildSeesOnlyPathHomeAndWhatItIsGiven() throws Exception {
        TimedProcess.Result result = TimedProcess.run(List.of("env"), Map.of("GIVEN", "yes"), null);

        assertThat(result.exit()).isZero();
        assertThat(result.output().lines().map(line -> line.substring(0, line.indexOf('=')))
                .collect(Collectors.toSet())).containsExactlyInAnyOrder("PATH", "HOME", "GIVEN");
        assertThat(result.output()).contains("GIVEN=yes");
        assertThat(result.millis()).isPositive();
    }

    @Test
    void aFailingChildKeepsItsExitCodeAndOutput() throws Exception {
        TimedProcess.Result result = TimedProcess.run(List.of("sh", "-c", "echo refused >&2; exit 3"), Map.of(), null);

        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.output()).isEqualTo("refused\n");
    }
}
