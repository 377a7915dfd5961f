package io.omicsdropzone.handler;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.json.JsonWriter;
import io.omicsdropzone.samplesheet.SampleSheetConverter;
import io.omicsdropzone.samplesheet.SheetFormat;
import io.omicsdropzone.validation.RunSettingsValidator;
import io.omicsdropzone.validation.ValidationReport;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SnapStart priming: before Lambda snapshots an initialized function version, run the code paths every invocation
 * takes once, so the snapshot holds their loaded, linked and initialized classes instead of each restored environment
 * paying for them on its first invocation (AWS, "Implement code before or after Lambda function snapshots":
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks.html).
 *
 * <p>Only in-memory work and one read the role allows ({@code dynamodb:GetItem}, granted to all three functions) on
 * a key no drop can have: nothing is written, published or submitted. Clients are already built by the handler's
 * constructor; a client whose first use is lazy (the reconciler's Lambda client) is built here.
 */
public final class SnapStartPriming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    /** Request ids are hashes of bucket, key and ETag; this one can never be a drop's. */
    static final String PRIMING_REQUEST_ID = "snapstart-priming-not-a-drop";

    /** One valid entry and one with errors: the scan, the rules and the error-reporting path all run. */
    static final String SAMPLE_RUN_SETTINGS = """
            [{"runSettingId":"priming-1","name":"priming","outputUri":"s3://priming-bucket/out/","priority":1,\
            "parameters":{"sample":"a","n":1,"flag":true,"list":["x"]},"runTags":{"t":"v"}},\
            {"runSettingId":"priming-1","outputUri":"priming-bucket/out/","priority":"high","unknown":null}]""";

    static final String SAMPLE_BATCH_EVENT = """
            {"version":"0","id":"priming","detail-type":"RunBatch Status Change","source":"aws.omics",\
            "account":"123456789012","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],\
            "detail":{"batchId":"0","status":"PROCESSED","totalRuns":"1","successfulStartSubmissionCount":"1",\
            "failedRunCount":"0"}}""";

    private final Dropzone dropzone;
    private final boolean submits;

    /** Unregistered: for tests and the cold-path benchmark, which run {@link #prime()} themselves. */
    public SnapStartPriming(Dropzone dropzone, boolean submits) {
        this.dropzone = dropzone;
        this.submits = submits;
    }

    /**
     * Registers priming with the runtime's global CRaC context. The caller must keep the returned object reachable
     * (a handler field): a CRaC context may hold its resources only weakly.
     */
    public static SnapStartPriming register(Dropzone dropzone, boolean submits) {
        SnapStartPriming priming = new SnapStartPriming(dropzone, submits);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    /** Nothing to redo: the SDK opens new connections when a snapshotted one turns out to be closed. */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
    }

    /** What {@link #beforeCheckpoint} runs; public for the in-process cold-path benchmark. */
    public void prime() {
        long started = System.nanoTime();
        List<DroppedObject> objects = S3Records.droppedObjects(S3EventJson.parse(S3EventJson.objectCreated(
                new DroppedObject("priming-bucket", "incoming/priming.json", "\"0\"", SAMPLE_RUN_SETTINGS.length(),
                        null, "0"), Instant.EPOCH, "ObjectCreated:Put")));
        BatchStatusEventJson.parse(SAMPLE_BATCH_EVENT);
        JsonWriter.write(objects.get(0).s3Uri());
        if (submits) {
            validateSample();
            convertSampleSheet();
        }
        if (dropzone.config().submitFunction() != null) {
            dropzone.clients().lambda();
        }
        readAbsentDrop();
        LOG.info("SnapStart priming took {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private static void validateSample() {
        byte[] sample = SAMPLE_RUN_SETTINGS.getBytes(StandardCharsets.UTF_8);
        try {
            ValidationReport report = new RunSettingsValidator().validate(new ByteArrayInputStream(sample), sample.length);
            if (report.valid()) {
                throw new IllegalStateException("the priming sample should have exercised the error path");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory stream cannot fail", e);
        }
    }

    /**
     * When a pipeline takes samplesheets: one row through the CSV parser, the template and the validator, so the first
     * sheet after a restore does not load them.
     */
    private void convertSampleSheet() {
        if (dropzone.config().pipelines() == null) {
            return;
        }
        // A per-sample or whole sheet (nf-core) is converted by another class, which writes local files: not primed.
        dropzone.config().pipelines().all().stream().flatMap(p -> p.samplesheet().stream())
                .filter(template -> !template.runs().grouped()).findFirst()
                .ifPresent(template -> {
                    String sheet = String.join(",", template.columns()) + "\r\n"
                            + template.columns().stream().map(column -> "1").collect(Collectors.joining(",")) + "\r\n";
                    try {
                        new SampleSheetConverter().convert(new ByteArrayInputStream(
                                sheet.getBytes(StandardCharsets.UTF_8)), SheetFormat.CSV, template,
                                OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        throw new UncheckedIOException("an in-memory stream cannot fail", e);
                    }
                });
    }

    /**
     * Signs, sends and unmarshals one GetItem. A failure here (the table briefly unreachable while the version is
     * published) must not fail the snapshot: the restored function simply pays for these classes on first use.
     */
    private void readAbsentDrop() {
        try {
            dropzone.drops().find(PRIMING_REQUEST_ID);
        } catch (RuntimeException e) {
            LOG.warn("SnapStart priming: GetItem failed, continuing without it: {}", e.toString());
        }
    }
}
