/** Snapshots: the validated bytes a batch reads, written once under the snapshot prefix. */
package io.omicsdropzone.domain.snapshot;
