package dev.gantry.error;

/** Input larger than Gantry agrees to hold in memory or expand (huge JSON, decompression bombs). */
public class LimitExceededException extends InvalidInputException {
    public LimitExceededException(String message) {
        super(message);
    }
}
