package dev.gantry.error;

/**
 * A target lost what it had received of a blob (a registry that dropped an upload session after
 * a cut request) and cannot continue it; sending the blob again from its first byte may work.
 * The copier does that once, reopening the blob at its source.
 */
public class TransferRestartException extends GantryException {
    public TransferRestartException(String message, Throwable cause) {
        super(message, cause);
    }
}
