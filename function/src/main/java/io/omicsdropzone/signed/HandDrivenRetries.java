package io.omicsdropzone.signed;

import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The SDK's {@link RetryStrategy} driven by hand, for the calls signed outside an SDK client (HealthOmics batch
 * operations, Lambda Invoke, SQS): acquire a token, back off as it says, record success or refresh it with the
 * failure, and throw the last failure once the strategy gives up. One loop, so every hand-signed call retries alike.
 */
public final class HandDrivenRetries {

    private HandDrivenRetries() {
    }

    /**
     * @param failureType the failures the strategy judges (others propagate at once)
     * @param interrupted the failure to throw when the backoff is interrupted, in the caller's exception type
     */
    public static <T, E extends RuntimeException> T call(RetryStrategy strategy, String scope, Class<E> failureType,
                                                         Function<InterruptedException, E> interrupted,
                                                         Supplier<T> attempt) {
        AcquireInitialTokenResponse initial = strategy.acquireInitialToken(AcquireInitialTokenRequest.create(scope));
        RetryToken token = initial.token();
        pause(initial.delay(), interrupted);
        while (true) {
            try {
                T result = attempt.get();
                strategy.recordSuccess(RecordSuccessRequest.create(token));
                return result;
            } catch (RuntimeException e) {
                if (!failureType.isInstance(e)) {
                    throw e;
                }
                RefreshRetryTokenResponse refreshed;
                try {
                    refreshed = strategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(e)
                            .build());
                } catch (TokenAcquisitionFailedException exhausted) {
                    throw e;
                }
                token = refreshed.token();
                pause(refreshed.delay(), interrupted);
            }
        }
    }

    private static <E extends RuntimeException> void pause(Duration delay,
                                                           Function<InterruptedException, E> interrupted) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted.apply(e);
        }
    }
}
