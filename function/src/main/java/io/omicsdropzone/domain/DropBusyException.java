package io.omicsdropzone.domain;

/**
 * Another invocation still owned the drop when this one ran out of time to wait. Thrown so Lambda's asynchronous
 * retry delivers the event again later: the drop is neither lost nor worked on twice.
 */
public final class DropBusyException extends RuntimeException {
    public DropBusyException(String requestId) {
        super("drop " + requestId + " is being processed by another invocation; retry later");
    }
}
