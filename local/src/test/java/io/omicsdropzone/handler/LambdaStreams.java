package io.omicsdropzone.handler;

import com.amazonaws.services.lambda.runtime.Context;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** An event as the Lambda runtime hands it to a stream handler: the raw JSON bytes. */
final class LambdaStreams {

    /** The submit and tracking handlers answer nothing: their output is discarded, as for asynchronous invocations. */
    static final OutputStream NO_OUTPUT = OutputStream.nullOutputStream();

    private LambdaStreams() {
    }

    static InputStream json(String event) {
        return new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8));
    }

    /** One delivery of {@code event} to the submit function, for helpers that are not test methods. */
    static void deliver(S3DropHandler handler, String event, Context context) {
        try {
            handler.handleRequest(json(event), NO_OUTPUT, context);
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory event cannot fail to be read", e);
        }
    }
}
