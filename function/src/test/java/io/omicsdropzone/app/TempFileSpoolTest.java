package io.omicsdropzone.app;

import io.omicsdropzone.spool.SpoolFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The file-backed spool: files in java.io.tmpdir, read as often as needed, gone once closed. */
class TempFileSpoolTest {

    @Test
    void a_spool_file_lives_in_the_temporary_directory_until_closed() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        SpoolFile file = new TempFileSpool().create("omics-dropzone-test", ".json");
        Path path;
        try (var listing = Files.list(tmp)) {
            path = listing.filter(p -> p.getFileName().toString().startsWith("omics-dropzone-test")
                    && p.getFileName().toString().endsWith(".json")).filter(p -> file.toString().contains(p.toString()))
                    .findFirst().orElseThrow();
        }
        assertThat(file.size()).isZero();

        try (OutputStream out = file.output()) {
            out.write("0123456789".getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream first = file.input(); InputStream second = file.input();
             SeekableByteChannel channel = file.channel()) {
            assertThat(first.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("0123456789");
            assertThat(second.readAllBytes()).hasSize(10);
            ByteBuffer three = ByteBuffer.allocate(3);
            channel.position(4).read(three);
            assertThat(new String(three.array(), StandardCharsets.UTF_8)).isEqualTo("456");
        }
        assertThat(file.size()).isEqualTo(10);

        file.close();
        assertThat(path).doesNotExist();
        file.close(); // closing twice is harmless
    }
}
