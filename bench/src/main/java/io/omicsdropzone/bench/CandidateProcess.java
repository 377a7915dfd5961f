package io.omicsdropzone.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one candidate on one file inside its own JVM, so its heap figure is its own and an OutOfMemoryError ends only
 * this process. Prints one line {@code RESULT {json}} for {@link ChildJvm}.
 *
 * <p>Arguments: candidate name, file, warm-up milliseconds (passes run until this much time has gone, so the JIT has
 * compiled the hot paths; 0 for none), measured repetitions, minimum milliseconds per repetition (small files are read
 * several times per repetition so the timer has something to measure).
 *
 * <p>Each repetition records wall-clock time and the process's CPU time. CPU time includes the garbage collector's
 * and compiler's threads, and is much less disturbed than wall-clock time when other work shares the machine.
 */
public final class CandidateProcess {

    static final String RESULT_PREFIX = "RESULT ";

    private CandidateProcess() {
    }

    public static void main(String[] args) throws Exception {
        Candidate candidate = Candidate.valueOf(args[0]);
        Path file = Path.of(args[1]);
        long warmupNanos = Long.parseLong(args[2]) * 1_000_000L;
        int repetitions = Integer.parseInt(args[3]);
        long minRepetitionNanos = Long.parseLong(args[4]) * 1_000_000L;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        ObjectNode result = new ObjectMapper().createObjectNode()
                .put("candidate", candidate.name())
                .put("file", file.getFileName().toString())
                .put("bytes", Files.size(file))
                .put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        HeapWatcher heap = HeapWatcher.start();
        try {
            int passesPerRepetition = 1;
            int warmupPasses = 0;
            Candidate.Outcome outcome = null;
            for (long warmupStart = System.nanoTime(); System.nanoTime() - warmupStart < warmupNanos; ) {
                long start = System.nanoTime();
                outcome = candidate.run(file);
                long took = Math.max(1, System.nanoTime() - start);
                passesPerRepetition = (int) Math.max(1, Math.min(100_000, minRepetitionNanos / took));
                warmupPasses++;
            }
            List<Double> wallNanosPerPass = new ArrayList<>();
            List<Double> cpuNanosPerPass = new ArrayList<>();
            for (int r = 0; r < repetitions; r++) {
                outcome = null; // let the previous tree go before the next one is built
                long cpuStart = os.getProcessCpuTime();
                long start = System.nanoTime();
                for (int p = 0; p < passesPerRepetition; p++) {
                    outcome = candidate.run(file);
                }
                wallNanosPerPass.add((System.nanoTime() - start) / (double) passesPerRepetition);
                cpuNanosPerPass.add((os.getProcessCpuTime() - cpuStart) / (double) passesPerRepetition);
            }
            long peakAfterGc = heap.collectAndPeak(outcome);
            result.put("outcome", "ok")
                    .put("entries", outcome.entries())
                    .put("errors", outcome.errors())
                    .put("warmupPasses", warmupPasses)
                    .put("passesPerRepetition", passesPerRepetition)
                    .put("peakHeapAfterGcBytes", peakAfterGc);
            wallNanosPerPass.forEach(result.putArray("nanosPerPass")::add);
            cpuNanosPerPass.forEach(result.putArray("cpuNanosPerPass")::add);
        } catch (OutOfMemoryError oom) {
            // Whatever the candidate built is unreachable now, so there is room to report.
            result.put("outcome", "OutOfMemoryError").put("message", String.valueOf(oom.getMessage()));
        }
        System.out.println(RESULT_PREFIX + result);
    }
}
