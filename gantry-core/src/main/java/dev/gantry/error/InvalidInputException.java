package dev.gantry.error;

/** Input that breaks a format's rules: malformed JSON, a hostile path, a broken archive. */
public class InvalidInputException extends GantryException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
