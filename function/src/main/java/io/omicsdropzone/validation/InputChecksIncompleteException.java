package io.omicsdropzone.validation;

/**
 * The input checks could not finish within their share of the invocation. What they confirmed is saved beside the
 * drop; the file is neither rejected nor submitted, and the next attempt continues where this one stopped.
 */
public final class InputChecksIncompleteException extends RuntimeException {

    InputChecksIncompleteException(String message) {
        super(message);
    }
}
