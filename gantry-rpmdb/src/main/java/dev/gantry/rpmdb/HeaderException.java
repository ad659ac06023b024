package dev.gantry.rpmdb;

/** An rpm header blob that does not have the header format's shape; the caller adds which database and row. */
final class HeaderException extends Exception {
    HeaderException(String message) {
        super(message);
    }
}
