package io.omicsdropzone.local.standins.faults;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One client connection of a {@link FaultFront}: reads exchanges until the client leaves or one must end it. */
final class FrontConnection implements Runnable {

    /** An idle kept-alive client connection is closed after this long. */
    private static final int CLIENT_IDLE_MILLIS = 60_000;
    /** No stand-in takes this long to answer; a target that does is treated as gone. */
    private static final int TARGET_READ_MILLIS = 120_000;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final FaultFront front;
    private final Socket client;
    private InputStream clientIn;
    private OutputStream clientOut;

    FrontConnection(FaultFront front, Socket client) {
        this.front = front;
        this.client = client;
    }

    @Override
    public void run() {
        try {
            client.setSoTimeout(CLIENT_IDLE_MILLIS);
            clientIn = new BufferedInputStream(client.getInputStream());
            clientOut = new BufferedOutputStream(client.getOutputStream());
            while (!front.isClosed() && exchange()) {
                // next request on the same connection
            }
        } catch (IOException | RuntimeException e) {
            // The client or the target went away mid-exchange (often on purpose: timeouts and resets).
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            front.forget(client);
            FaultFront.closeQuietly(client);
        }
    }

    /** One request/response; true when the connection can carry another. */
    private boolean exchange() throws IOException, InterruptedException {
        HttpHead request = HttpHead.read(clientIn);
        if (request == null) {
            return false;
        }
        boolean expectContinue = request.hasToken("Expect", "100-continue");
        front.countRequest(expectContinue);
        long latencyMillis = front.latency().toMillis();
        if (latencyMillis > 0) {
            Thread.sleep(latencyMillis);
        }
        boolean keepAlive = !request.hasToken("Connection", "close");
        byte[] rawBody = null;
        byte[] body = null;
        if (front.service().needsBody()) {
            if (expectContinue) {
                sendContinue();
                expectContinue = false;
            }
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            HttpBodies.copy(request, clientIn, raw);
            rawBody = raw.toByteArray();
            body = HttpBodies.readAll(request, new ByteArrayInputStream(rawBody));
        }
        FrontRequest described = FrontRequest.of(front.service(), request, body);
        boolean head = "HEAD".equals(request.method());

        if (front.deniesKey(described)) {
            front.record(described, request, body, 403);
            front.count("AccessDenied:denied-key");
            return answer(request, rawBody != null, expectContinue, ServiceError.s3AccessDenied().toWire(head)) && keepAlive;
        }
        if (front.deniesTagCopy(described, request)) {
            front.record(described, request, body, 403);
            front.count("AccessDenied:tag-copy");
            return answer(request, rawBody != null, expectContinue, ServiceError.s3AccessDenied().toWire(head)) && keepAlive;
        }
        FaultAction action = front.decide(described);
        if (action instanceof FaultAction.Respond respond) {
            front.record(described, request, body, respond.error().status());
            return answer(request, rawBody != null, expectContinue, respond.error().toWire(head)) && keepAlive;
        }
        if (action instanceof FaultAction.Reset) {
            front.record(described, request, body, 0);
            FaultFront.reset(client);
            return false;
        }
        if (action instanceof FaultAction.Delay delay) {
            Thread.sleep(delay.delay().toMillis());
        }
        // Tags travel with writes and copies (x-amz-tagging, x-amz-tagging-directive:
        // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html): the front keeps them for denyTagCopy.
        front.recordTags(described, request);
        return forward(request, described, rawBody, body, expectContinue, action instanceof FaultAction.DropResponse)
                && keepAlive;
    }

    /** Answers without forwarding. The unread body is drained so the connection stays usable; after an unanswered
     *  100-continue the client sends no body (RFC 9110 10.1.1), so that connection is closed instead. */
    private boolean answer(HttpHead request, boolean bodyRead, boolean expectContinue, byte[] wire) throws IOException {
        if (!bodyRead && !expectContinue) {
            HttpBodies.copy(request, clientIn, null);
        }
        clientOut.write(expectContinue ? withConnectionClose(wire) : wire);
        clientOut.flush();
        return !expectContinue;
    }

    private boolean forward(HttpHead request, FrontRequest described, byte[] rawBody, byte[] body, boolean expectContinue,
                            boolean drop) throws IOException {
        try (Socket target = new Socket(front.target().getHost(), front.target().getPort())) {
            target.setSoTimeout(TARGET_READ_MILLIS);
            InputStream targetIn = new BufferedInputStream(target.getInputStream());
            OutputStream targetOut = new BufferedOutputStream(target.getOutputStream());
            request.write(targetOut);
            boolean bodySent = false;
            if (rawBody != null) {
                targetOut.write(rawBody);
                bodySent = true;
            } else if (!expectContinue) {
                HttpBodies.copy(request, clientIn, targetOut);
                bodySent = true;
            }
            targetOut.flush();

            HttpHead response = HttpHead.read(targetIn);
            while (response != null && response.status() >= 100 && response.status() < 200) {
                if (!bodySent && response.status() == 100) {
                    // The target agreed to take the body: pass its 100 on, then stream the body through.
                    sendContinue();
                    HttpBodies.copy(request, clientIn, targetOut);
                    targetOut.flush();
                    bodySent = true;
                }
                response = HttpHead.read(targetIn);
            }
            if (response == null) {
                front.record(described, request, body, 0);
                throw new IOException("the target closed the connection without answering");
            }
            boolean head = "HEAD".equals(request.method());
            int status = response.status();
            // The target's status: behind withoutListBucket a 404 stays a 404 here, the answer a caller holding
            // s3:ListBucket gets, which is what the ledger's HeadObject rule asks that permission for.
            front.record(described, request, body, drop ? 0 : status);
            boolean noBody = head || status == 204 || status == 304;
            boolean untilClose = !noBody && !response.chunked() && response.contentLength() < 0;

            if (drop) {
                discard(response, noBody, untilClose, targetIn);
                FaultFront.reset(client);
                return false;
            }
            // The client sent no body after a refused 100-continue: close rather than guess at its state.
            boolean close = untilClose || !bodySent || response.hasToken("Connection", "close");
            if (status == 404 && front.hidesMissingKeys()
                    && ("HeadObject".equals(described.operation()) || "GetObject".equals(described.operation()))) {
                byte[] errorBody = noBody ? new byte[0] : readBody(response, untilClose, targetIn);
                if (noBody || new String(errorBody, StandardCharsets.UTF_8).contains("<Code>NoSuchKey</Code>")) {
                    front.count("AccessDenied:no-ListBucket");
                    byte[] wire = ServiceError.s3AccessDenied().toWire(head);
                    clientOut.write(close ? withConnectionClose(wire) : wire);
                } else {
                    HttpHead rewritten = response.withoutFraming(errorBody.length);
                    (close ? withConnectionClose(rewritten) : rewritten).write(clientOut);
                    clientOut.write(errorBody);
                }
                clientOut.flush();
                return !close;
            }
            (close ? withConnectionClose(response) : response).write(clientOut);
            if (!noBody) {
                if (untilClose) {
                    HttpBodies.copyToEnd(targetIn, clientOut);
                } else {
                    HttpBodies.copy(response, targetIn, clientOut);
                }
            }
            clientOut.flush();
            return !close;
        }
    }

    private void sendContinue() throws IOException {
        clientOut.write(CONTINUE);
        clientOut.flush();
    }

    private static void discard(HttpHead response, boolean noBody, boolean untilClose, InputStream in) throws IOException {
        if (noBody) {
            return;
        }
        if (untilClose) {
            HttpBodies.copyToEnd(in, null);
        } else {
            HttpBodies.copy(response, in, null);
        }
    }

    private static byte[] readBody(HttpHead response, boolean untilClose, InputStream in) throws IOException {
        if (untilClose) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            HttpBodies.copyToEnd(in, body);
            return body.toByteArray();
        }
        return HttpBodies.readAll(response, in);
    }

    private static HttpHead withConnectionClose(HttpHead head) {
        List<String[]> fields = new ArrayList<>();
        for (String[] field : head.fields()) {
            if (!field[0].equalsIgnoreCase("Connection")) {
                fields.add(field);
            }
        }
        fields.add(new String[] {"Connection", "close"});
        return new HttpHead(head.startLine(), fields);
    }

    /** Adds Connection: close to a complete wire answer made by {@link ServiceError#toWire(boolean)}. */
    private static byte[] withConnectionClose(byte[] wire) {
        String text = new String(wire, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        return (text.substring(0, end) + "\r\nConnection: close" + text.substring(end)).getBytes(StandardCharsets.ISO_8859_1);
    }
}
