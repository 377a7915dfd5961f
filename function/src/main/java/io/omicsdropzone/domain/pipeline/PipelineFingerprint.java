package io.omicsdropzone.domain.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a drop's pipeline was set to when the drop was validated: the workflow (for messages) and a digest of the
 * whole configured {@code defaultRunSetting} (workflow, version, role, parameters, output, run tags...), so a re-drive
 * can tell whether the pipeline it would run today is the one the original ran.
 *
 * @param digest hex SHA-256 of the configured setting's JSON, before the dropzone's own run tags are merged in
 */
public record PipelineFingerprint(String workflowId, String digest) {

    public static PipelineFingerprint of(DefaultRunSetting setting) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(setting.json().getBytes(StandardCharsets.UTF_8));
            return new PipelineFingerprint(setting.workflowId(), HexFormat.of().formatHex(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    public boolean matches(DefaultRunSetting setting) {
        return digest.equals(of(setting).digest());
    }
}
