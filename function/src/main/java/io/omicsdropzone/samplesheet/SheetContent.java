package io.omicsdropzone.samplesheet;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a run's sheet, readable again from the start (an upload that is retried reads them again, and several
 * sheets are read at once). The converter only describes the sheets; whoever writes them (the submit path, into its
 * snapshot store) adapts this to its own store's content.
 */
public interface SheetContent {

    long length();

    InputStream open() throws IOException;
}
