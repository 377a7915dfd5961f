/** Pipelines: which workflow, role and run setting a dropped key runs, routed by key prefix. */
package io.omicsdropzone.domain.pipeline;
