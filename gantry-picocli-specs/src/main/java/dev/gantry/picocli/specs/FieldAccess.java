package dev.gantry.picocli.specs;

import java.lang.reflect.Field;

/** A private field by name (as picocli's own field binding): looking a Field up parses no annotation. */
public final class FieldAccess implements MemberAccess {
    private final Field field;

    public FieldAccess(Class<?> owner, String name) {
        try {
            field = owner.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("generated spec names a field " + owner.getName() + " no longer has: " + name, e);
        }
        field.setAccessible(true);
    }

    @Override
    public Object get(Object target) throws IllegalAccessException {
        return field.get(target);
    }

    @Override
    public void set(Object target, Object value) throws IllegalAccessException {
        field.set(target, value);
    }
}
