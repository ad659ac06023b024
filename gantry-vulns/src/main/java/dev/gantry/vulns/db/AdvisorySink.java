package dev.gantry.vulns.db;

import java.io.IOException;

/** Where importers put the advisories they read. */
public interface AdvisorySink {
    /**
     * Takes one advisory.
     *
     * @param advisory the advisory
     * @throws IOException when it cannot be stored
     */
    void add(Advisory advisory) throws IOException;
}
