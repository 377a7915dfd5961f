package io.omicsdropzone.app.metrics;

import io.omicsdropzone.domain.Drop;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;

/**
 * Counts the outcome of each drop settled outside the submit handler, at the one point every such path passes once
 * per drop: {@code markNotified}, the write that records that the outcome was announced. The reconciler's give-ups
 * (and the announcements it finishes) and {@code redrive}'s new drops are counted there in the same outcome metrics
 * as the handler's drops. A path that fails before that write counts nothing; the retry that announces counts.
 *
 * <p>A proxy rather than a hand-written decorator: the repository ports grow with every feature, and only this one
 * method matters here; every other call goes to the repository unchanged.
 */
public final class NotifiedOutcomes {

    private NotifiedOutcomes() {
    }

    /** {@code repository} seen through {@code port}, counting each drop whose outcome it marks notified. */
    public static <T> T counting(Class<T> port, T repository, DropOutcomeMetrics outcomes) {
        Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[]{port}, (self, method, args) -> {
            Object result;
            try {
                result = method.invoke(repository, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (method.getName().equals("markNotified") && args != null && args.length == 2
                    && args[0] instanceof Drop drop && args[1] instanceof Instant) {
                outcomes.recordSettled(drop);
            }
            return result;
        });
        return port.cast(proxy);
    }
}
