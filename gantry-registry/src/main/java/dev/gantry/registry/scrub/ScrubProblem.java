package dev.gantry.registry.scrub;

/**
 * One thing wrong in a store: its {@code kind} (see {@link Scrubber}), the repository it is in
 * (null for the shared blob store), the digest or tag it concerns, and what is wrong.
 * {@code quarantinedTo} is the storage key a blob was moved to, when it was.
 */
public record ScrubProblem(String kind, String repository, String reference, String message, String quarantinedTo) {
    public ScrubProblem(String kind, String repository, String reference, String message) {
        this(kind, repository, reference, message, null);
    }

    ScrubProblem quarantined(String to) {
        return new ScrubProblem(kind, repository, reference, message, to);
    }
}
