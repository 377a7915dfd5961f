package io.omicsdropzone.local.standins;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every HTTP call the emulator received, in arrival order, with per-operation counts for fault campaigns. */
final class OmicsCallLog {

    private final List<OmicsBatchEmulator.RecordedCall> calls = new CopyOnWriteArrayList<>();

    void record(OmicsBatchEmulator.RecordedCall call) {
        calls.add(call);
    }

    List<OmicsBatchEmulator.RecordedCall> calls() {
        return List.copyOf(calls);
    }

    long count(String operation) {
        return calls.stream().filter(call -> call.operation().equals(operation)).count();
    }

    /** Calls per operation name, in order of first arrival. */
    Map<String, Long> countsByOperation() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (OmicsBatchEmulator.RecordedCall call : calls) {
            counts.merge(call.operation(), 1L, Long::sum);
        }
        return counts;
    }

    void clear() {
        calls.clear();
    }
}
