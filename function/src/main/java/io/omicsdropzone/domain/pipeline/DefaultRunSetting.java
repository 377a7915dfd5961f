package io.omicsdropzone.domain.pipeline;

import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.json.JsonWriter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * StartRunBatch's {@code defaultRunSetting}, already validated against the API's shape.
 *
 * @param json the object as compact JSON, sent verbatim so repeated calls carry byte-identical settings
 */
public record DefaultRunSetting(String workflowId, String roleArn, String json) {

    /**
     * The same setting with {@code tags} merged into its {@code runTags} (added last, replacing equal keys). The
     * result depends only on the inputs, so a resumed StartRunBatch sends the same bytes again.
     */
    public DefaultRunSetting withRunTags(Map<String, String> tags) {
        Map<String, Object> setting = new LinkedHashMap<>(JsonReader.readObject(json));
        Map<String, Object> runTags = new LinkedHashMap<>();
        if (setting.get("runTags") instanceof Map<?, ?> existing) {
            existing.forEach((key, value) -> runTags.put(key.toString(), value));
        }
        runTags.putAll(tags);
        setting.put("runTags", runTags);
        return new DefaultRunSetting(workflowId, roleArn, JsonWriter.write(setting));
    }
}
