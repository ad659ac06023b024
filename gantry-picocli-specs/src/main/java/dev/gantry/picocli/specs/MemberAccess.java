package dev.gantry.picocli.specs;

import java.lang.reflect.Field;

/**
 * Reads and writes one annotated field of an object. Generated code passes lambdas that touch the
 * field directly when it can see it; {@link #field} serves the private fields of classes it cannot
 * (picocli's own help command): a Field is looked up by name, which parses no annotation.
 */
public interface MemberAccess {
    Object get(Object target) throws Exception;

    void set(Object target, Object value) throws Exception;

    static MemberAccess of(Getter getter, Setter setter) {
        return new MemberAccess() {
            @Override
            public Object get(Object target) throws Exception {
                return getter.get(target);
            }

            @Override
            public void set(Object target, Object value) throws Exception {
                setter.set(target, value);
            }
        };
    }

    static MemberAccess field(Class<?> owner, String name) {
        Field field;
        try {
            field = owner.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("generated spec names a field " + owner.getName() + " no longer has: " + name, e);
        }
        field.setAccessible(true);
        return of(field::get, field::set);
    }

    /** The field's value on a target. */
    @FunctionalInterface
    interface Getter {
        Object get(Object target) throws Exception;
    }

    /** Stores a value into the field of a target. */
    @FunctionalInterface
    interface Setter {
        void set(Object target, Object value) throws Exception;
    }
}
