/**
 * The HealthOmics batch port ({@link io.omicsdropzone.domain.batch.RunBatchApi}) and its records, the service's
 * errors, and how a drop names and tags its batch.
 */
package io.omicsdropzone.domain.batch;
