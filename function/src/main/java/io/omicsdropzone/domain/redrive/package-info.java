/** Re-driving what failed: each run claimed once, a new snapshot of just those runs, a new batch. */
package io.omicsdropzone.domain.redrive;
