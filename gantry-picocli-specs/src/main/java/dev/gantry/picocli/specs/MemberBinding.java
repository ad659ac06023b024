package dev.gantry.picocli.specs;

import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.IScope;
import picocli.CommandLine.Model.ISetter;

/** Getter and setter of one field on whatever object its scope holds now (as picocli's field binding). */
final class MemberBinding implements IGetter, ISetter {
    private final IScope scope;
    private final MemberAccess access;

    MemberBinding(IScope scope, MemberAccess access) {
        this.scope = scope;
        this.access = access;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() throws Exception {
        return (T) access.get(scope.get());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T set(T value) throws Exception {
        Object target = scope.get();
        T old = (T) access.get(target);
        access.set(target, value);
        return old;
    }
}
