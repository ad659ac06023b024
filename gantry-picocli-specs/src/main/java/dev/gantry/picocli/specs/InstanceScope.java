package dev.gantry.picocli.specs;

import picocli.CommandLine.Model.IScope;

/** The object a command's or mixin's members live on (picocli's scope of an annotated member). */
public final class InstanceScope implements IScope {
    private Object instance;

    public InstanceScope(Object instance) {
        this.instance = instance;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
        return (T) instance;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T set(T value) {
        T old = (T) instance;
        instance = value;
        return old;
    }
}
