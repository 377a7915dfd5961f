import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/** The same document through aws-embedded-metrics (Lambda environment: AWS_LAMBDA_FUNCTION_NAME set, stdout sink). */
public class ProbeLib {
    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        run();
        System.err.printf("first-emit-ms %.1f%n", (System.nanoTime() - started) / 1e6);
    }

    static void run() throws Exception {
        MetricsLogger metrics = new MetricsLogger();
        metrics.setNamespace("OmicsDropzone");
        metrics.setDimensions(DimensionSet.of("Function", System.getenv("AWS_LAMBDA_FUNCTION_NAME")));
        metrics.putMetric("DropsReceived", 1, Unit.COUNT);
        metrics.putMetric("BatchesSubmitted", 1, Unit.COUNT);
        metrics.putMetric("FilesRejected", 0, Unit.COUNT);
        metrics.putMetric("SubmissionsFailed", 0, Unit.COUNT);
        metrics.putMetric("RunsSubmitted", 96, Unit.COUNT);
        metrics.putMetric("DropToSubmittedSeconds", 1.892, Unit.SECONDS);
        metrics.flush();
    }
}
