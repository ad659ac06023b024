package dev.gantry.error;

/** A well-formed input of a kind Gantry deliberately does not handle (schema1, unknown digest algorithm). */
public class UnsupportedFormatException extends GantryException {
    public UnsupportedFormatException(String message) {
        super(message);
    }
}
