package dev.gantry.error;

/**
 * Root of every error Gantry raises on purpose. Unchecked so that streams and lambdas stay
 * readable; every subclass says what went wrong, where (a path, digest or field) and, when it
 * can, what to do about it.
 */
public class GantryException extends RuntimeException {
    /**
     * A failure with nothing underneath it.
     *
     * @param message what went wrong and where, in words fit for a user; the CLI prints it as it is
     */
    public GantryException(String message) {
        super(message);
    }

    /**
     * A failure explaining a lower-level one.
     *
     * @param message what went wrong and where, in words fit for a user
     * @param cause   the lower-level failure that led here, kept for debugging
     */
    public GantryException(String message, Throwable cause) {
        super(message, cause);
    }
}
