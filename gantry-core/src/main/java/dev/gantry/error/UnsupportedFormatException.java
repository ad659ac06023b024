package dev.gantry.error;

/** A well-formed input of a kind Gantry deliberately does not handle (schema1, unknown digest algorithm). */
public class UnsupportedFormatException extends GantryException {
    /**
     * A format or feature Gantry refuses by design.
     *
     * @param message which format or feature was met and, when there is one, the supported alternative
     */
    public UnsupportedFormatException(String message) {
        super(message);
    }
}
