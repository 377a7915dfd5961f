package io.omicsdropzone.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class DroppedObjectTest {

    private static DroppedObject object(String bucket, String key, String etag) {
        return new DroppedObject(bucket, key, etag, 10, null, null);
    }

    @Test
    void request_id_is_the_documented_sha256_of_uri_and_etag() throws Exception {
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("s3://in/incoming/a b.json#abc123".getBytes(StandardCharsets.UTF_8)));

        assertThat(object("in", "incoming/a b.json", "abc123").requestId()).isEqualTo(expected);
    }

    @Test
    void same_version_gives_same_id_and_quotes_do_not_matter() {
        assertThat(object("in", "k.json", "\"abc\"").requestId()).isEqualTo(object("in", "k.json", "abc").requestId());
    }

    @Test
    void new_content_new_key_or_new_bucket_gives_a_new_id() {
        String id = object("in", "k.json", "abc").requestId();

        assertThat(object("in", "k.json", "abd").requestId()).isNotEqualTo(id);
        assertThat(object("in", "k2.json", "abc").requestId()).isNotEqualTo(id);
        assertThat(object("in2", "k.json", "abc").requestId()).isNotEqualTo(id);
    }

    @Test
    void request_id_fits_the_api_constraints() {
        String id = object("in", "x".repeat(1024), "d41d8cd98f00b204e9800998ecf8427e-12").requestId();

        assertThat(id).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void only_json_suffixed_keys_are_run_settings_files() {
        assertThat(object("in", "a/b.json", "e").isRunSettingsFile()).isTrue();
        assertThat(object("in", "a/b.csv", "e").isRunSettingsFile()).isFalse();
        assertThat(object("in", "a/b.json.tmp", "e").isRunSettingsFile()).isFalse();
        assertThat(object("in", "a/b.JSON", "e").isRunSettingsFile()).isFalse();
    }

    @Test
    void key_hash_hides_the_key_but_is_stable() {
        String hash = object("in", "patient-4711.json", "e").keyHash();

        assertThat(hash).hasSize(12).doesNotContain("4711");
        assertThat(object("in", "patient-4711.json", "other").keyHash()).isEqualTo(hash);
    }
}
