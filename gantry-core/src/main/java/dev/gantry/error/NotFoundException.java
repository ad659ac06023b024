package dev.gantry.error;

/** A blob, manifest, tag or file that a reference or descriptor names but the store lacks. */
public class NotFoundException extends GantryException {
    public NotFoundException(String message) {
        super(message);
    }
}
