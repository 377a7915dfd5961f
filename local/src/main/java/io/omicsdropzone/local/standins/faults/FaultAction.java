package io.omicsdropzone.local.standins.faults;

import java.time.Duration;
import java.util.Objects;

/** What a front does to a request a rule picked. */
public sealed interface FaultAction {

    /** The counter name this action is counted under in {@link FaultFront#injectedByKind()}. */
    String kind();

    /** Answer with the service's error instead of forwarding: the target never sees the request. */
    record Respond(ServiceError error) implements FaultAction {
        public Respond {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String kind() {
            return "error:" + error.code();
        }
    }

    /** Reset the client's connection (RST: SO_LINGER 0, then close) before any response; nothing is forwarded. */
    record Reset() implements FaultAction {
        @Override
        public String kind() {
            return "reset";
        }
    }

    /** Hold the request for {@code delay}, then forward it and relay the answer. The target acts after the delay
     *  even if the client gave up meanwhile, as a slow service still completes a request whose caller timed out. */
    record Delay(Duration delay) implements FaultAction {
        public Delay {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative");
            }
        }

        @Override
        public String kind() {
            return "delay";
        }
    }

    /** Forward, let the target act, read its whole answer, then reset the client: a response lost after success. */
    record DropResponse() implements FaultAction {
        @Override
        public String kind() {
            return "drop-response";
        }
    }
}
