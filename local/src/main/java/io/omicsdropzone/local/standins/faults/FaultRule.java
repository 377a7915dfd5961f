package io.omicsdropzone.local.standins.faults;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;

/**
 * One programmed fault: which requests it matches, what it does, and how often. It fires for the first
 * {@code times} matching requests and then lets them pass, or fires for each matching request with a probability drawn
 * from a seeded {@link Random}, so a campaign replays identically for the same seed and request order.
 *
 * <pre>{@code
 * front.inject(FaultRule.on("UpdateItem").respond(ServiceError.dynamoDbThrottling()).times(2));
 * front.inject(FaultRule.on("GetObject").key("incoming/a.json").reset().withProbability(0.2, 42));
 * }</pre>
 */
public final class FaultRule {

    private final Predicate<FrontRequest> matcher;
    private final FaultAction action;
    private final long times;
    private final double probability;
    private final Random random;
    private long fired;

    private FaultRule(Predicate<FrontRequest> matcher, FaultAction action, long times, double probability, Random random) {
        this.matcher = matcher;
        this.action = action;
        this.times = times;
        this.probability = probability;
        this.random = random;
    }

    /** Matches requests for this operation name (S3 {@code GetObject}, DynamoDB {@code UpdateItem}, SNS {@code Publish}). */
    public static Builder on(String operation) {
        Objects.requireNonNull(operation, "operation");
        return new Builder(request -> operation.equals(request.operation()));
    }

    /** Matches whatever the predicate accepts. */
    public static Builder on(Predicate<FrontRequest> matcher) {
        return new Builder(Objects.requireNonNull(matcher, "matcher"));
    }

    public FaultAction action() {
        return action;
    }

    /** Decides, for a matching request, whether the fault fires this time; consumes one of {@code times} if so. */
    synchronized boolean fires(FrontRequest request) {
        if (!matcher.test(request)) {
            return false;
        }
        if (random != null) {
            return random.nextDouble() < probability;
        }
        if (fired < times) {
            fired++;
            return true;
        }
        return false;
    }

    public static final class Builder {
        private Predicate<FrontRequest> matcher;
        private FaultAction action;

        private Builder(Predicate<FrontRequest> matcher) {
            this.matcher = matcher;
        }

        /** Narrows an S3 rule to one object key. */
        public Builder key(String key) {
            matcher = matcher.and(request -> key.equals(request.key()));
            return this;
        }

        public Builder respond(ServiceError error) {
            return then(new FaultAction.Respond(error));
        }

        public Builder reset() {
            return then(new FaultAction.Reset());
        }

        public Builder delay(Duration delay) {
            return then(new FaultAction.Delay(delay));
        }

        public Builder dropResponse() {
            return then(new FaultAction.DropResponse());
        }

        public Builder then(FaultAction action) {
            this.action = Objects.requireNonNull(action, "action");
            return this;
        }

        /** Fires for the first {@code times} matching requests, then passes them through. */
        public FaultRule times(long times) {
            if (times < 0) {
                throw new IllegalArgumentException("times must be >= 0");
            }
            return new FaultRule(matcher, requireAction(), times, 0, null);
        }

        /** Fires for each matching request with this probability, drawn from {@code new Random(seed)}. */
        public FaultRule withProbability(double probability, long seed) {
            if (probability < 0 || probability > 1) {
                throw new IllegalArgumentException("probability must be within [0, 1]");
            }
            return new FaultRule(matcher, requireAction(), 0, probability, new Random(seed));
        }

        private FaultAction requireAction() {
            if (action == null) {
                throw new IllegalStateException("choose an action (respond, reset, delay, dropResponse) first");
            }
            return action;
        }
    }
}
