/**
 * Submitting a dropped file: route, claim, read and check, snapshot, start the batch, record and announce; and the
 * one resume path by requestId.
 */
package io.omicsdropzone.domain.submission;
