package dev.gantry.picocli.specs;

/**
 * Reads and writes one annotated field of an object. Generated code implements it with a switch
 * over the fields it can see (one small class per command, no lambda to spin at start-up);
 * {@link FieldAccess} serves private fields of classes it cannot see (picocli's own help command).
 */
public interface MemberAccess {
    Object get(Object target) throws Exception;

    void set(Object target, Object value) throws Exception;
}
