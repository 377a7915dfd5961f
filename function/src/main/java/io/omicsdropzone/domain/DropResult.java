package io.omicsdropzone.domain;

/** What one delivery of an S3 event did with one object. */
public record DropResult(Action action, Drop drop) {

    public enum Action {
        /** Not a .json key: no record, no batch. */
        IGNORED,
        /** This delivery brought the drop to its terminal outcome (or re-published a pending notification). */
        PROCESSED,
        /** An earlier delivery had already settled it. */
        ALREADY_SETTLED,
        /** Identical bytes uploaded again to the same key: no batch, one DuplicateFile notification. */
        DUPLICATE
    }
}
