package dev.gantry.error;

/** Input larger than Gantry agrees to hold in memory or expand (huge JSON, decompression bombs). */
public class LimitExceededException extends InvalidInputException {
    /**
     * Input refused for its size, normally before it is read.
     *
     * @param message what was too large, by how much it was declared or read, and the limit
     */
    public LimitExceededException(String message) {
        super(message);
    }
}
