package dev.gantry.analysis.packages;

import java.io.IOException;

/**
 * A package database that does not have its format's shape; the scan reports it as not read. Readers outside
 * this package (an {@link RpmDatabaseReader}) throw it, or a subclass naming more, for the same outcome.
 */
public class MalformedDatabaseException extends IOException {
    /**
     * A database that does not parse.
     *
     * @param message what is wrong and where, e.g. "line 3 is not a deb822 field"
     */
    public MalformedDatabaseException(String message) {
        super(message);
    }

    /**
     * A database that does not parse, with the underlying failure.
     *
     * @param message what is wrong and where
     * @param cause   the failure behind it
     */
    public MalformedDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Why the database was not read, for a report that names the database beside it.
     *
     * @return the message, less the database's path when the message starts with it
     */
    public String reason() {
        return getMessage();
    }
}
