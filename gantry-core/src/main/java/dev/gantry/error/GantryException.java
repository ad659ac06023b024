package dev.gantry.error;

/**
 * Root of every error Gantry raises on purpose. Unchecked so that streams and lambdas stay
 * readable; every subclass says what went wrong, where (a path, digest or field) and, when it
 * can, what to do about it.
 */
public class GantryException extends RuntimeException {
    public GantryException(String message) {
        super(message);
    }

    public GantryException(String message, Throwable cause) {
        super(message, cause);
    }
}
