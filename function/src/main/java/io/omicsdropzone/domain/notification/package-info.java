/** Outcome messages and the port that publishes them (at least once, with a stable id). */
package io.omicsdropzone.domain.notification;
