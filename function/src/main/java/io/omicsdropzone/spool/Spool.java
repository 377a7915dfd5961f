package io.omicsdropzone.spool;

import java.io.IOException;

/**
 * Scratch space for data too large to keep in memory: a converted samplesheet's run settings and rows, a re-drive's
 * subset of runs, the sorted inputs of pre-flight. Domain, samplesheet and validation code asks for spool files here
 * and writes no files itself; an adapter decides where they live (the function's {@code /tmp}).
 */
@FunctionalInterface
public interface Spool {

    /**
     * A new, empty spool file, deleted when closed.
     *
     * @param name   what it holds, for whoever looks at the scratch space (a file adapter uses it as the file name's
     *               start)
     * @param suffix its kind ({@code .json}, {@code .csv}, {@code .bin})
     */
    SpoolFile create(String name, String suffix) throws IOException;
}
