import io.omicsdropzone.metrics.EmfWriter;
import io.omicsdropzone.metrics.Metric;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** One EMF document with the submit path's outcome metrics, through the project's EmfWriter. */
public class ProbeOwn {
    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        run();
        System.err.printf("first-emit-ms %.1f%n", (System.nanoTime() - started) / 1e6);
    }

    static void run() throws Exception {
        EmfWriter writer = EmfWriter.forFunction(System.out::println, System.getenv("AWS_LAMBDA_FUNCTION_NAME"),
                Clock.systemUTC());
        Map<Metric, Number> values = new LinkedHashMap<>();
        values.put(Metric.DROPS_RECEIVED, 1);
        values.put(Metric.BATCHES_SUBMITTED, 1);
        values.put(Metric.FILES_REJECTED, 0);
        values.put(Metric.SUBMISSIONS_FAILED, 0);
        values.put(Metric.RUNS_SUBMITTED, 96L);
        values.put(Metric.DROP_TO_SUBMITTED_SECONDS, 1.892);
        writer.emit(values);
    }
}
