/** Pre-flight planning: which checks a drop's workflow allows before a batch is started. */
package io.omicsdropzone.domain.preflight;
