package dev.gantry.error;

/** Input that breaks a format's rules: malformed JSON, a hostile path, a broken archive. */
public class InvalidInputException extends GantryException {
    /**
     * Input found wrong by Gantry's own checks.
     *
     * @param message what is wrong with the input, naming the file, digest or field
     */
    public InvalidInputException(String message) {
        super(message);
    }

    /**
     * Input a parser or reader underneath refused.
     *
     * @param message what is wrong with the input, naming the file, digest or field
     * @param cause   the parser's or reader's own failure
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
