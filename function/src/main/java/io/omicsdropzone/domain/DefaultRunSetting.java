package io.omicsdropzone.domain;

/**
 * StartRunBatch's {@code defaultRunSetting}, already validated against the API's shape.
 *
 * @param json the object as compact JSON, sent verbatim so repeated calls carry byte-identical settings
 */
public record DefaultRunSetting(String workflowId, String roleArn, String json) {
}
