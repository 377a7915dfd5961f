package io.omicsdropzone.aws;

import io.omicsdropzone.domain.Snapshot;
import io.omicsdropzone.domain.snapshot.SnapshotStore;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A re-drive's snapshot is written once: PutObject with {@code If-None-Match: *} against the S3 stand-in, so a second
 * writer gets the first object back instead of replacing what a batch may be reading.
 */
class S3SnapshotStoreOnceTest extends StandInsTestBase {

    static String read(Snapshot snapshot) {
        return env.clients().s3().getObjectAsBytes(b -> b.bucket(snapshot.bucket()).key(snapshot.key())).asUtf8String();
    }

    @Test
    void a_second_write_once_keeps_the_first_object() {
        S3SnapshotStore store = new S3SnapshotStore(env.clients().s3(), 64L * 1024 * 1024);
        String key = "submitted/" + UUID.randomUUID() + ".json";

        Snapshot first = store.writeOnce(LocalEnvironment.BUCKET, key,
                SnapshotStore.Content.ofBytes("[{\"runSettingId\":\"a\"}]".getBytes(StandardCharsets.UTF_8)));
        Snapshot second = store.writeOnce(LocalEnvironment.BUCKET, key,
                SnapshotStore.Content.ofBytes("[{\"runSettingId\":\"b\"}]".getBytes(StandardCharsets.UTF_8)));

        assertThat(second).isEqualTo(first);
        assertThat(read(second)).contains("\"a\"").doesNotContain("\"b\"");
    }

    @Test
    void copy_once_leaves_an_existing_target_alone() {
        S3SnapshotStore store = new S3SnapshotStore(env.clients().s3(), 64L * 1024 * 1024);
        String source = "incoming/" + UUID.randomUUID() + ".json";
        String etag = env.upload(source, "[{\"runSettingId\":\"new\"}]").eTag();
        String key = "submitted/" + UUID.randomUUID() + ".json";
        Snapshot existing = store.writeOnce(LocalEnvironment.BUCKET, key,
                SnapshotStore.Content.ofBytes("[{\"runSettingId\":\"old\"}]".getBytes(StandardCharsets.UTF_8)));

        Snapshot copied = store.copyOnce(LocalEnvironment.BUCKET, source, etag.replace("\"", ""), -1, key);

        assertThat(copied).isEqualTo(existing);
        assertThat(read(copied)).contains("old");
    }
}
