/**
 * Following a batch to its end: status events and the reconciler ({@code TrackBatch}, {@code ReconcileBatches}),
 * the sweep of stuck drops, and finding a batch a lost answer left behind.
 */
package io.omicsdropzone.domain.tracking;
