/**
 * The events the submit function receives, read from the raw stream as the runtime delivers them: S3 notifications
 * and the reconciler's resume payload, which has the same shape. No event library and no joda-time are needed.
 */
package io.omicsdropzone.event;
