package io.omicsdropzone.domain.redrive;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunSettingsSubsetTest {

    private static String subset(String json, Set<String> ids) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunSettingsSubset.write(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), ids, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void keepsTheChosenEntriesWholeWhereverTheirIdStands() throws IOException {
        String json = """
                [{"runSettingId": "a", "parameters": {"x": [1, 2, {"runSettingId": "nested"}]}},
                 {"parameters": {"big": "é\\u00e9"}, "name": "B", "runSettingId": "b"},
                 {"runSettingId": "c", "runTags": {"k": "v"}}]""";

        assertThat(subset(json, Set.of("b", "c"))).isEqualTo(
                "[{\"parameters\":{\"big\":\"éé\"},\"name\":\"B\",\"runSettingId\":\"b\"},"
                        + "{\"runSettingId\":\"c\",\"runTags\":{\"k\":\"v\"}}]");
        assertThat(subset(json, Set.of("nested"))).isEqualTo("[]"); // only top-level ids count
    }

    @Test
    void countsWhatItWroteAndRefusesWhatIsNotARunSettingsArray() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = RunSettingsSubset.write(new ByteArrayInputStream(
                "[{\"runSettingId\":\"a\"},{\"runSettingId\":\"b\"}]".getBytes(StandardCharsets.UTF_8)), Set.of("a", "b"), out);

        assertThat(written).isEqualTo(2);
        assertThatThrownBy(() -> subset("{\"runSettingId\":\"a\"}", Set.of("a"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> subset("[{\"runSettingId\":\"a\"}, 3]", Set.of("a"))).isInstanceOf(IOException.class);
    }
}
