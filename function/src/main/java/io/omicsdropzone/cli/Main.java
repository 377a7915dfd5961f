package io.omicsdropzone.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

/**
 * {@code java -jar function.jar COMMAND …}: the Lambda's logic from a shell, with the same configuration.
 * Exit codes: 0 done, 1 the work failed (what the Lambda would throw, or an invalid file), 2 usage,
 * configuration or I/O error, 3 timed out ({@code drop}).
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int TIMED_OUT = 3;

    static final String USAGE_TEXT = """
            usage: java -jar function.jar COMMAND [ARGS]

              handle EVENT.json               process an S3 event file exactly as the Lambda would
              drop FILE s3://BUCKET/KEY [--wait submitted|ended] [--timeout DURATION] [--json]
                                              upload a file (CRC32-checked; multipart above
                                              --multipart-threshold, default 16MiB) and follow the drop it starts:
                                              progress on stderr, outcome on stdout; exit 0 submitted (with --wait
                                              ended: batch PROCESSED), 1 rejected, failed or batch FAILED/CANCELLED,
                                              3 timed out (default 15m, 24h with --wait ended)
              submit s3://BUCKET/KEY           process one object as if it had just been dropped (manual re-drive)
              validate FILE|s3://BUCKET/KEY [--json] [--preflight] [--pipeline NAME] [--pipelines PATH]
                                              validate a run-settings file (or, under a pipeline, a .csv/.tsv
                                              samplesheet) only; exit 0 valid, 1 invalid, 2 error;
                                              --preflight also checks parameters against the workflow and that the
                                              inputs exist (DEFAULT_RUN_SETTING, CHECK_INPUTS, your credentials)
              preview FILE|s3://BUCKET/KEY [--pipeline NAME] [--pipelines PATH]
                                              print the run settings a drop would become (stdout) and its
                                              validation report (stderr); no AWS call for a local file
              status [--all] [--json]          list drops, newest first (20 unless --all)
              status REQUEST_ID|BATCH_ID [--json]
                                              one drop with its counters and failed runs
              cancel BATCH_ID                  cancel a batch this dropzone submitted, and record it
              reconcile [--max N]              one reconciler pass: poll open batches, resume or give up stuck drops
                                              (resumed in-process); exit 1 when something needs an operator
              redrive REQUEST_ID|BATCH_ID [--include-cancelled] [--use-current-pipeline]
                                              a new batch of what did not succeed: failed submissions and failed runs
                                              of an ended batch (cancelled and never-submitted ones too with the
                                              flag), or a FAILED drop's whole file unless its batch is found; runs the
                                              pipeline the original ran (refused if it is gone or changed, unless
                                              --use-current-pipeline); a run is re-driven once per original, whatever
                                              the flags; exit 0 also when there is nothing to re-drive
              redrive-failures --queue URL [--max N]
                                              re-handle the S3 events waiting in the submit failure queue; a message
                                              is deleted only once handled

            Configuration: TABLE_NAME, TOPIC_ARN (all but validate), DEFAULT_RUN_SETTING (handle, submit, redrive-failures,
            reconcile's in-process resume) or PIPELINES_FILE (+ SERVICE_ROLE_ARN, OUTPUT_URI), SNAPSHOT_PREFIX, PHI_SAFE,
            STUCK_DROP_AFTER, GIVE_UP_AFTER, RECONCILE_QUIET_PERIOD; AWS region, credentials
            and endpoints (AWS_ENDPOINT_URL_S3/_DYNAMODB/_SNS/_OMICS) from the SDK's standard chain.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.getProperties(), System.out, System.err));
    }

    /** Everything but the process exit, so tests can run commands in-process. */
    public static int run(String[] args, Map<String, String> environment, Properties systemProperties,
                          PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        // System.console() is set only when a person runs the command in a terminal.
        Commands commands = new Commands(environment, systemProperties, out, err, System.console() != null);
        TrackingCommands tracking = new TrackingCommands(environment, systemProperties, out, err);
        RecoveryCommands recovery = new RecoveryCommands(environment, systemProperties, out, err);
        return switch (args[0]) {
            case "handle" -> commands.handle(rest);
            case "submit" -> commands.submit(rest);
            case "drop" -> new DropCommand(environment, systemProperties, out, err).run(rest);
            case "validate" -> PipelineCommands.handlesValidate(rest)
                    ? new PipelineCommands(environment, systemProperties, out, err).validate(rest)
                    : commands.validate(rest);
            case "preview" -> new PipelineCommands(environment, systemProperties, out, err).preview(rest);
            case "status" -> tracking.status(rest);
            case "cancel" -> tracking.cancel(rest);
            case "reconcile" -> recovery.reconcile(rest);
            case "redrive-failures" -> recovery.redriveFailures(rest);
            case "redrive" -> new RedriveCommand(environment, systemProperties, out, err).run(rest);
            case "help", "--help", "-h" -> {
                out.print(USAGE_TEXT);
                yield OK;
            }
            default -> {
                err.println("unknown command: " + args[0]);
                err.print(USAGE_TEXT);
                yield USAGE;
            }
        };
    }
}
