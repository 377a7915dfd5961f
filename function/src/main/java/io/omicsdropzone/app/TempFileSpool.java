package io.omicsdropzone.app;

import io.omicsdropzone.spool.Spool;
import io.omicsdropzone.spool.SpoolFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Spool files in {@code java.io.tmpdir}: the function's {@code /tmp} in Lambda (its ephemeral storage, cleared with
 * the execution environment), the system's temporary directory for the CLI. Each file is created empty with
 * {@link Files#createTempFile} (owner-only permissions where the file system has them) and deleted on close; a file
 * a crash leaves behind goes with the execution environment.
 */
public final class TempFileSpool implements Spool {

    @Override
    public SpoolFile create(String name, String suffix) throws IOException {
        return new TempFile(Files.createTempFile(name, suffix));
    }

    private record TempFile(Path path) implements SpoolFile {

        @Override
        public OutputStream output() throws IOException {
            return Files.newOutputStream(path);
        }

        @Override
        public InputStream input() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public SeekableByteChannel channel() throws IOException {
            return Files.newByteChannel(path, StandardOpenOption.READ);
        }

        @Override
        public long size() throws IOException {
            return Files.size(path);
        }

        @Override
        public void close() throws IOException {
            Files.deleteIfExists(path);
        }
    }
}
