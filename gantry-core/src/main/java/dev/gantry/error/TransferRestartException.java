package dev.gantry.error;

/**
 * A target lost what it had received of a blob (a registry that dropped an upload session after
 * a cut request) and cannot continue it; sending the blob again from its first byte may work.
 * The copier does that once, reopening the blob at its source.
 */
public class TransferRestartException extends GantryException {
    /**
     * A blob transfer to start again from byte 0.
     *
     * @param message which blob was lost and by which target
     * @param cause   the target's own report (a registry's error response, say)
     */
    public TransferRestartException(String message, Throwable cause) {
        super(message, cause);
    }
}
