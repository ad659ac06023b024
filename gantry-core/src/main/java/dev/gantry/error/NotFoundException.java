package dev.gantry.error;

/** A blob, manifest, tag or file that a reference or descriptor names but the store lacks. */
public class NotFoundException extends GantryException {
    /**
     * Something named that is not there.
     *
     * @param message what is missing and where it was looked for, ideally listing what exists instead
     */
    public NotFoundException(String message) {
        super(message);
    }
}
