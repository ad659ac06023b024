package dev.gantry.picocli.specs;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.IAnnotatedElement;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.IScope;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.ITypeInfo;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.lang.annotation.Annotation;
import java.util.List;

/**
 * An annotated field as picocli's builders read it, from values the processor wrote out: its
 * annotations are generated implementations of picocli's annotation interfaces (every member,
 * defaults included), so picocli applies its own rules to them and no annotation is parsed.
 */
public final class GeneratedMember implements IAnnotatedElement {
    private final String name;
    private final List<Annotation> annotations;
    private final IScope scope;
    private final MemberBinding binding;
    private final ITypeInfo typeInfo;
    private final String toString;

    public GeneratedMember(String name, IScope scope, MemberAccess access, ITypeInfo typeInfo, String toString,
                           Annotation... annotations) {
        this.name = name;
        this.scope = scope;
        this.binding = new MemberBinding(scope, access);
        this.typeInfo = typeInfo;
        this.toString = toString;
        this.annotations = List.of(annotations);
    }

    @Override
    public Object userObject() {
        return this;
    }

    @Override
    public boolean isAnnotationPresent(Class<? extends Annotation> annotationClass) {
        return getAnnotation(annotationClass) != null;
    }

    @Override
    public <T extends Annotation> T getAnnotation(Class<T> annotationClass) {
        for (Annotation annotation : annotations) {
            if (annotation.annotationType() == annotationClass) {
                return annotationClass.cast(annotation);
            }
        }
        return null;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getMixinName() {
        String annotated = getAnnotation(Mixin.class).name();
        return annotated.isEmpty() ? name : annotated;
    }

    @Override
    public boolean isArgSpec() {
        return isOption() || isParameter();
    }

    @Override
    public boolean isOption() {
        return isAnnotationPresent(Option.class);
    }

    @Override
    public boolean isParameter() {
        return isAnnotationPresent(Parameters.class);
    }

    @Override
    public boolean isArgGroup() {
        return isAnnotationPresent(ArgGroup.class);
    }

    @Override
    public boolean isMixin() {
        return isAnnotationPresent(Mixin.class);
    }

    @Override
    public boolean isUnmatched() {
        return isAnnotationPresent(Unmatched.class);
    }

    @Override
    public boolean isSpec() {
        return isAnnotationPresent(Spec.class);
    }

    @Override
    public boolean isParentCommand() {
        return isAnnotationPresent(ParentCommand.class);
    }

    @Override
    public boolean isMultiValue() {
        return typeInfo.isMultiValue();
    }

    @Override
    public boolean isInteractive() {
        return (isOption() && getAnnotation(Option.class).interactive())
                || (isParameter() && getAnnotation(Parameters.class).interactive());
    }

    @Override
    public boolean hasInitialValue() {
        return true;
    }

    @Override
    public boolean isMethodParameter() {
        return false;
    }

    @Override
    public int getMethodParamPosition() {
        return -1;
    }

    @Override
    public IScope scope() {
        return scope;
    }

    @Override
    public IGetter getter() {
        return binding;
    }

    @Override
    public ISetter setter() {
        return binding;
    }

    @Override
    public ITypeInfo getTypeInfo() {
        return typeInfo;
    }

    @Override
    public String getToString() {
        return toString;
    }

    @Override
    public String toString() {
        return toString;
    }
}
