package dev.gantry.analysis.packages;

import java.io.IOException;

/** A package database that does not have its format's shape; the scan reports it as not read. */
final class MalformedDatabaseException extends IOException {
    MalformedDatabaseException(String message) {
        super(message);
    }
}
