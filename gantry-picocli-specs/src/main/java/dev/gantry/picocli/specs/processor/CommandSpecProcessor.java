package dev.gantry.picocli.specs.processor;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes, for every {@code @Command} class of the compilation (and every {@code @Mixin} type they
 * use, and the picocli classes named in {@code -Agantry.specs.extra}), a {@code *_PicocliSpec}
 * class that builds the CommandSpec picocli's reflection would, plus one index class
 * ({@code -Agantry.specs.index}) that finds them by command class. Each annotation becomes an
 * implementation of its picocli interface returning the compile-time values, defaults included,
 * which picocli's own builders then read: the arity, type, label and default rules stay picocli's.
 * A class using what this does not model (methods, @ArgGroup, @Unmatched) gets no spec: it is
 * built by reflection as before, and a note says so.
 */
@SupportedAnnotationTypes("picocli.CommandLine.*")
@SupportedOptions({CommandSpecProcessor.INDEX_OPTION, CommandSpecProcessor.EXTRA_OPTION})
public final class CommandSpecProcessor extends AbstractProcessor {
    static final String INDEX_OPTION = "gantry.specs.index";
    static final String EXTRA_OPTION = "gantry.specs.extra";
    private static final String PICOCLI = "picocli.CommandLine";
    private static final String SUFFIX = "_PicocliSpec";
    private static final List<String> MEMBER_ANNOTATIONS = List.of(
            PICOCLI + ".Option", PICOCLI + ".Parameters", PICOCLI + ".Mixin", PICOCLI + ".Spec", PICOCLI + ".ParentCommand",
            PICOCLI + ".ArgGroup", PICOCLI + ".Unmatched");
    private static final String AUTO_HELP = PICOCLI + ".AutoHelpMixin";

    private Elements elements;
    private Types types;
    private boolean done;

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (done || round.processingOver()) {
            return false;
        }
        elements = processingEnv.getElementUtils();
        types = processingEnv.getTypeUtils();
        String index = processingEnv.getOptions().get(INDEX_OPTION);
        if (index == null) {
            return false;
        }
        done = true;
        Set<TypeElement> commands = new LinkedHashSet<>();
        TypeElement command = elements.getTypeElement(PICOCLI + ".Command");
        for (Element e : round.getElementsAnnotatedWith(command)) {
            if (e instanceof TypeElement type) {
                commands.add(type);
            }
        }
        String extra = processingEnv.getOptions().getOrDefault(EXTRA_OPTION, "");
        for (String name : extra.split(",")) {
            if (!name.isBlank()) {
                commands.add(elements.getTypeElement(name.trim()));
            }
        }
        commands.add(elements.getTypeElement(AUTO_HELP));
        String indexPackage = index.substring(0, index.lastIndexOf('.'));
        // Mixin types, found through the commands' fields.
        Set<TypeElement> all = new LinkedHashSet<>(commands);
        List<TypeElement> work = new ArrayList<>(commands);
        while (!work.isEmpty()) {
            TypeElement type = work.remove(0);
            for (TypeElement c : hierarchy(type)) {
                for (VariableElement f : ElementFilter.fieldsIn(c.getEnclosedElements())) {
                    if (annotation(f, PICOCLI + ".Mixin") != null) {
                        TypeElement mixin = (TypeElement) types.asElement(f.asType());
                        if (all.add(mixin)) {
                            work.add(mixin);
                        }
                    }
                }
            }
        }
        Map<TypeElement, String> generated = new LinkedHashMap<>();
        for (TypeElement type : all) {
            String why = unsupported(type, all);
            if (why != null) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE,
                        "no generated picocli spec for " + type + " (built by reflection): " + why);
                continue;
            }
            generated.put(type, specClassName(type, indexPackage));
        }
        try {
            for (Map.Entry<TypeElement, String> e : generated.entrySet()) {
                write(e.getValue(), new SpecWriter(e.getKey(), e.getValue(), generated).source());
            }
            writeIndex(index, generated);
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "cannot write generated picocli specs: " + e);
        }
        return false;
    }

    /** Why a type cannot have a generated spec, or null. */
    private String unsupported(TypeElement type, Set<TypeElement> all) {
        for (TypeElement c : hierarchy(type)) {
            for (ExecutableElement m : ElementFilter.methodsIn(c.getEnclosedElements())) {
                for (AnnotationMirror a : m.getAnnotationMirrors()) {
                    if (a.getAnnotationType().toString().startsWith(PICOCLI + ".")) {
                        return "annotated method " + m;
                    }
                }
            }
            for (VariableElement f : ElementFilter.fieldsIn(c.getEnclosedElements())) {
                if (annotation(f, PICOCLI + ".ArgGroup") != null || annotation(f, PICOCLI + ".Unmatched") != null) {
                    return "@ArgGroup or @Unmatched field " + f;
                }
                if (annotation(f, PICOCLI + ".Mixin") != null) {
                    TypeElement mixin = (TypeElement) types.asElement(f.asType());
                    if (mixin != type && unsupported(mixin, all) != null) {
                        return "mixin " + mixin + ": " + unsupported(mixin, all);
                    }
                }
            }
        }
        AnnotationMirror cmd = annotation(type, PICOCLI + ".Command");
        if (cmd != null) {
            // picocli injects @Spec fields of a version provider; the generated code does not.
            TypeElement provider = (TypeElement) types.asElement((TypeMirror) value(cmd, "versionProvider"));
            for (TypeElement c : hierarchy(provider)) {
                for (VariableElement f : ElementFilter.fieldsIn(c.getEnclosedElements())) {
                    for (String a : MEMBER_ANNOTATIONS) {
                        if (annotation(f, a) != null) {
                            return "version provider " + provider + " has annotated field " + f;
                        }
                    }
                }
            }
            for (AnnotationValue sub : arrayValue(cmd, "subcommands")) {
                TypeElement subType = (TypeElement) types.asElement((TypeMirror) sub.getValue());
                if (!all.contains(subType) || unsupported(subType, all) != null) {
                    return "subcommand " + subType + " has no generated spec";
                }
            }
        }
        return null;
    }

    /** The type and its superclasses, topmost first (the order picocli's reflection reads them in). */
    private List<TypeElement> hierarchy(TypeElement type) {
        List<TypeElement> chain = new ArrayList<>();
        TypeElement c = type;
        while (c != null) {
            chain.add(0, c);
            TypeMirror sup = c.getSuperclass();
            c = sup.getKind() == TypeKind.DECLARED ? (TypeElement) types.asElement(sup) : null;
        }
        return chain;
    }

    private String specClassName(TypeElement type, String indexPackage) {
        String pkg = elements.getPackageOf(type).getQualifiedName().toString();
        String binary = elements.getBinaryName(type).toString();
        String flat = (pkg.isEmpty() ? binary : binary.substring(pkg.length() + 1)).replace('$', '_');
        String target = pkg.startsWith("picocli") ? indexPackage : pkg;
        if (!target.equals(pkg)) {
            flat = binary.replace('.', '_').replace('$', '_');
        }
        return target + "." + flat + SUFFIX;
    }

    private void writeIndex(String index, Map<TypeElement, String> generated) throws IOException {
        String pkg = index.substring(0, index.lastIndexOf('.'));
        String simple = index.substring(index.lastIndexOf('.') + 1);
        StringBuilder s = new StringBuilder();
        s.append("package ").append(pkg).append(";\n\n");
        s.append("/** Generated by ").append(CommandSpecProcessor.class.getName()).append(": the compile-time picocli specs by command class. */\n");
        s.append("@SuppressWarnings(\"all\")\npublic final class ").append(simple).append(" {\n");
        s.append("    private ").append(simple).append("() {\n    }\n\n");
        s.append("    /** A new instance of the command class with its spec, or null when it has none generated. */\n");
        s.append("    public static picocli.CommandLine.Model.CommandSpec create(Class<?> command, picocli.CommandLine.IFactory factory) throws Exception {\n");
        s.append("        switch (command.getName()) {\n");
        for (Map.Entry<TypeElement, String> e : generated.entrySet()) {
            s.append("            case \"").append(elements.getBinaryName(e.getKey())).append("\": return ")
                    .append(e.getValue()).append(".create(factory);\n");
        }
        s.append("            default: return null;\n        }\n    }\n\n");
        // Names and descriptions as literals: the verb list and the choice of verb load no spec class.
        for (String member : List.of("name", "aliases", "description")) {
            boolean array = !member.equals("name");
            s.append("    /** The command class's @Command ").append(member).append(", or null when it has no generated spec. */\n");
            s.append("    public static ").append(array ? "String[] " : "String ").append(member).append("(Class<?> command) {\n");
            s.append("        switch (command.getName()) {\n");
            for (Map.Entry<TypeElement, String> e : generated.entrySet()) {
                AnnotationMirror cmd = annotation(e.getKey(), PICOCLI + ".Command");
                if (cmd != null) {
                    String value;
                    if (array) {
                        List<String> items = new ArrayList<>();
                        for (AnnotationValue v : arrayValue(cmd, member)) {
                            items.add(literal((String) v.getValue()));
                        }
                        value = "new String[] {" + String.join(", ", items) + "}";
                    } else {
                        value = literal((String) value(cmd, member));
                    }
                    s.append("            case \"").append(elements.getBinaryName(e.getKey())).append("\": return ").append(value).append(";\n");
                }
            }
            s.append("            default: return null;\n        }\n    }\n\n");
        }
        String autoHelp = generated.get(elements.getTypeElement(AUTO_HELP));
        s.append("    /** picocli's --help/--version mixin (mixinStandardHelpOptions), or null when it has none generated. */\n");
        s.append("    public static picocli.CommandLine.Model.CommandSpec standardHelp(picocli.CommandLine.IFactory factory) throws Exception {\n");
        s.append("        return ").append(autoHelp == null ? "null" : autoHelp + ".create(factory)").append(";\n    }\n}\n");
        write(index, s.toString());
    }

    private void write(String className, String source) throws IOException {
        try (Writer w = processingEnv.getFiler().createSourceFile(className).openWriter()) {
            w.write(source);
        }
    }

    AnnotationMirror annotation(Element e, String type) {
        for (AnnotationMirror a : e.getAnnotationMirrors()) {
            if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(type)) {
                return a;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    List<? extends AnnotationValue> arrayValue(AnnotationMirror a, String member) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : elements.getElementValuesWithDefaults(a).entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(member)) {
                return (List<? extends AnnotationValue>) e.getValue().getValue();
            }
        }
        return List.of();
    }

    Object value(AnnotationMirror a, String member) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : elements.getElementValuesWithDefaults(a).entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(member)) {
                return e.getValue().getValue();
            }
        }
        return null;
    }

    /** The source of one *_PicocliSpec class. */
    private final class SpecWriter {
        private final TypeElement type;
        private final String className;
        private final String pkg;
        private final Map<TypeElement, String> generated;
        private final StringBuilder constants = new StringBuilder();
        private final Map<String, List<AnnotationMirror>> annotations = new LinkedHashMap<>();
        private final List<String> fieldGets = new ArrayList<>();
        private final List<String> fieldSets = new ArrayList<>();
        private int constantCount;

        SpecWriter(TypeElement type, String className, Map<TypeElement, String> generated) {
            this.type = type;
            this.className = className;
            this.pkg = className.substring(0, className.lastIndexOf('.'));
            this.generated = generated;
        }

        String source() {
            StringBuilder body = new StringBuilder();
            body.append("    public static picocli.CommandLine.Model.CommandSpec build(Object instance, picocli.CommandLine.IFactory factory) throws Exception {\n");
            body.append("        picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.wrapWithoutInspection(instance, factory);\n");
            body.append("        dev.gantry.picocli.specs.InstanceScope scope = new dev.gantry.picocli.specs.InstanceScope(instance);\n");
            body.append("        boolean standardHelp = false;\n");
            String ownCommand = "null";
            for (TypeElement c : hierarchy(type)) {
                AnnotationMirror cmd = annotation(c, PICOCLI + ".Command");
                if (cmd != null) {
                    String constant = constant(cmd);
                    if (c.equals(type)) {
                        ownCommand = constant;
                    }
                    body.append("        spec.updateCommandAttributes(").append(constant).append(", factory);\n");
                    body.append("        standardHelp |= ").append(constant).append(".mixinStandardHelpOptions();\n");
                    for (AnnotationValue sub : arrayValue(cmd, "subcommands")) {
                        TypeElement subType = (TypeElement) types.asElement((TypeMirror) sub.getValue());
                        String subName = (String) value(annotation(subType, PICOCLI + ".Command"), "name");
                        body.append("        spec.addSubcommand(").append(literal(subName)).append(", new picocli.CommandLine(")
                                .append(generated.get(subType)).append(".create(factory), factory));\n");
                    }
                }
                for (VariableElement f : ElementFilter.fieldsIn(c.getEnclosedElements())) {
                    List<String> annotationConstants = new ArrayList<>();
                    for (String a : MEMBER_ANNOTATIONS) {
                        AnnotationMirror mirror = annotation(f, a);
                        if (mirror != null) {
                            annotationConstants.add(constant(mirror));
                        }
                    }
                    if (annotationConstants.isEmpty()) {
                        continue;
                    }
                    boolean mixin = annotation(f, PICOCLI + ".Mixin") != null;
                    body.append("        {\n");
                    body.append("            dev.gantry.picocli.specs.GeneratedMember member = new dev.gantry.picocli.specs.GeneratedMember(")
                            .append(literal(f.getSimpleName().toString())).append(", scope, ").append(access(c, f)).append(", ")
                            .append(typeInfo(f)).append(", ").append(literal((mixin ? "mixin from member " : "field ") + abbreviate(genericString(c, f))));
                    for (String a : annotationConstants) {
                        body.append(", ").append(a);
                    }
                    body.append(");\n");
                    if (mixin) {
                        TypeElement mixinType = (TypeElement) types.asElement(f.asType());
                        body.append("            Object mixin = member.getter().get();\n")
                                .append("            if (mixin == null) {\n")
                                .append("                mixin = ").append(newInstance(mixinType)).append(";\n")
                                .append("                member.setter().set(mixin);\n")
                                .append("            }\n");
                        body.append("            dev.gantry.picocli.specs.GeneratedSpecs.addMixin(spec, member, ")
                                .append(generated.get(mixinType)).append(".build(mixin, factory));\n");
                    } else {
                        body.append("            dev.gantry.picocli.specs.GeneratedSpecs.addMember(spec, member, factory);\n");
                    }
                    body.append("        }\n");
                }
            }
            String autoHelp = generated.get(elements.getTypeElement(AUTO_HELP));
            if (autoHelp != null) {
                body.append("        if (standardHelp) {\n            dev.gantry.picocli.specs.GeneratedSpecs.mixinStandardHelpOptions(spec, ")
                        .append(autoHelp).append(".create(factory));\n        }\n");
            }
            body.append("        return spec;\n    }\n");

            String simple = className.substring(className.lastIndexOf('.') + 1);
            StringBuilder s = new StringBuilder();
            s.append("package ").append(pkg).append(";\n\n");
            s.append("/** Generated by ").append(CommandSpecProcessor.class.getName()).append(" from the picocli annotations of ")
                    .append(type.getQualifiedName()).append(". */\n");
            s.append("@SuppressWarnings(\"all\")\npublic final class ").append(simple).append(" {\n");
            s.append("    private ").append(simple).append("() {\n    }\n\n");
            s.append(constants).append('\n');
            s.append(nestedClasses());
            s.append("    /** The class's own @Command values (null without one). */\n");
            s.append("    public static final picocli.CommandLine.Command COMMAND = ").append(ownCommand).append(";\n\n");
            s.append("    /** A new instance and its spec. */\n");
            s.append("    public static picocli.CommandLine.Model.CommandSpec create(picocli.CommandLine.IFactory factory) throws Exception {\n");
            s.append("        return build(").append(newInstance(type)).append(", factory);\n    }\n\n");
            s.append("    /** The spec of an instance, as picocli's reflection would build it. */\n");
            s.append(body);
            s.append("}\n");
            return s.toString();
        }

        /**
         * A constant holding an annotation's values. Each annotation type gets one nested class per spec
         * class, its members switching on the constant's number: a handful of classes per command, loaded
         * from the jar, rather than one per annotation.
         */
        private String constant(AnnotationMirror mirror) {
            String type = ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
            List<AnnotationMirror> ofType = annotations.computeIfAbsent(type, t -> new ArrayList<>());
            ofType.add(mirror);
            String name = "A" + constantCount++;
            constants.append("    private static final ").append(type).append(' ').append(name).append(" = new ")
                    .append(valuesClass(type)).append('(').append(ofType.size() - 1).append(");\n");
            return name;
        }

        private String valuesClass(String annotationType) {
            return annotationType.substring(annotationType.lastIndexOf('.') + 1) + "Values";
        }

        /** The field's accessor: a case of the nested Fields class, or a Field by name when the code cannot see it. */
        private String access(TypeElement owner, VariableElement f) {
            boolean samePackage = elements.getPackageOf(owner).getQualifiedName().contentEquals(pkg);
            boolean direct = accessible(owner) && !f.getModifiers().contains(Modifier.PRIVATE)
                    && !f.getModifiers().contains(Modifier.FINAL)
                    && (samePackage || f.getModifiers().contains(Modifier.PUBLIC));
            String name = f.getSimpleName().toString();
            if (!direct) {
                return "new dev.gantry.picocli.specs.FieldAccess(" + classLiteral(owner) + ", " + literal(name) + ")";
            }
            String cast = f.asType().getKind().isPrimitive() ? boxed(f.asType()) : f.asType().toString();
            String target = "((" + owner.getQualifiedName() + ") target)." + name;
            fieldGets.add(target);
            fieldSets.add(target + " = (" + cast + ") value");
            return "new Fields(" + (fieldGets.size() - 1) + ")";
        }

        private String nestedClasses() {
            StringBuilder s = new StringBuilder();
            if (!fieldGets.isEmpty()) {
                s.append("    /** Reads and writes the annotated fields (one case each). */\n");
                s.append("    private static final class Fields implements dev.gantry.picocli.specs.MemberAccess {\n");
                s.append("        private final int which;\n\n        Fields(int which) {\n            this.which = which;\n        }\n\n");
                s.append("        @Override\n        public Object get(Object target) {\n            return switch (which) {\n");
                for (int i = 0; i < fieldGets.size(); i++) {
                    s.append("                case ").append(i).append(" -> ").append(fieldGets.get(i)).append(";\n");
                }
                s.append("                default -> throw new IllegalStateException(\"no field \" + which);\n            };\n        }\n\n");
                s.append("        @Override\n        public void set(Object target, Object value) {\n            switch (which) {\n");
                for (int i = 0; i < fieldSets.size(); i++) {
                    s.append("                case ").append(i).append(" -> ").append(fieldSets.get(i)).append(";\n");
                }
                s.append("                default -> throw new IllegalStateException(\"no field \" + which);\n            }\n        }\n    }\n\n");
            }
            for (Map.Entry<String, List<AnnotationMirror>> e : annotations.entrySet()) {
                String type = e.getKey();
                String cls = valuesClass(type);
                s.append("    /** The compile-time values of this class's @").append(type.substring(type.lastIndexOf('.') + 1))
                        .append(" annotations (one case each), defaults included. */\n");
                s.append("    private static final class ").append(cls).append(" implements ").append(type).append(" {\n");
                s.append("        private final int which;\n\n        ").append(cls).append("(int which) {\n            this.which = which;\n        }\n\n");
                s.append("        @Override\n        public Class<? extends java.lang.annotation.Annotation> annotationType() {\n            return ")
                        .append(type).append(".class;\n        }\n");
                TypeElement annotationType = elements.getTypeElement(type);
                for (ExecutableElement member : ElementFilter.methodsIn(annotationType.getEnclosedElements())) {
                    s.append("\n        @Override\n        public ").append(member.getReturnType()).append(' ').append(member.getSimpleName())
                            .append("() {\n            return switch (which) {\n");
                    List<AnnotationMirror> mirrors = e.getValue();
                    for (int i = 0; i < mirrors.size(); i++) {
                        AnnotationValue v = elements.getElementValuesWithDefaults(mirrors.get(i)).get(member);
                        s.append("                case ").append(i).append(" -> ").append(render(member.getReturnType(), v.getValue())).append(";\n");
                    }
                    s.append("                default -> throw new IllegalStateException(\"no annotation \" + which);\n            };\n        }\n");
                }
                s.append("    }\n\n");
            }
            return s.toString();
        }

        private boolean accessible(TypeElement t) {
            if (t.getModifiers().contains(Modifier.PRIVATE)) {
                return false;
            }
            boolean samePackage = elements.getPackageOf(t).getQualifiedName().contentEquals(pkg);
            if (!samePackage && !t.getModifiers().contains(Modifier.PUBLIC)) {
                return false;
            }
            Element outer = t.getEnclosingElement();
            return outer instanceof PackageElement || accessible((TypeElement) outer);
        }

        private String classLiteral(TypeElement t) {
            return accessible(t) ? t.getQualifiedName() + ".class"
                    : "dev.gantry.picocli.specs.GeneratedSpecs.type(" + literal(elements.getBinaryName(t).toString()) + ")";
        }

        private String newInstance(TypeElement t) {
            boolean canNew = accessible(t) && !t.getModifiers().contains(Modifier.ABSTRACT);
            if (canNew) {
                canNew = false;
                List<ExecutableElement> constructors = ElementFilter.constructorsIn(t.getEnclosedElements());
                boolean samePackage = elements.getPackageOf(t).getQualifiedName().contentEquals(pkg);
                for (ExecutableElement c : constructors) {
                    if (c.getParameters().isEmpty() && !c.getModifiers().contains(Modifier.PRIVATE)
                            && (samePackage || c.getModifiers().contains(Modifier.PUBLIC))) {
                        canNew = true;
                    }
                }
                if (t.getNestingKind().isNested() && !t.getModifiers().contains(Modifier.STATIC)) {
                    canNew = false;
                }
            }
            return canNew ? "new " + t.getQualifiedName() + "()" : "factory.create(" + classLiteral(t) + ")";
        }

        private String boxed(TypeMirror primitive) {
            return types.boxedClass((javax.lang.model.type.PrimitiveType) primitive).getQualifiedName().toString();
        }

        /** The type as picocli's reflection infers it: the erasure, auxiliary types and generic arguments. */
        private String typeInfo(VariableElement f) {
            TypeMirror t = f.asType();
            TypeMirror erasure = types.erasure(t);
            List<String> aux = new ArrayList<>();
            List<String> generic = new ArrayList<>();
            List<TypeMirror> args = t instanceof DeclaredType d ? new ArrayList<>(d.getTypeArguments()) : List.of();
            List<TypeMirror> extracted = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                TypeMirror a = args.get(i);
                if (a instanceof WildcardType w) {
                    a = w.getSuperBound() != null ? w.getSuperBound()
                            : w.getExtendsBound() != null ? w.getExtendsBound() : elements.getTypeElement("java.lang.Object").asType();
                }
                extracted.add(types.erasure(a));
                if (i == 1 && a instanceof DeclaredType inner && isOptional(a) && inner.getTypeArguments().size() == 1) {
                    extracted.add(types.erasure(inner.getTypeArguments().get(0)));
                }
            }
            for (TypeMirror e : extracted) {
                generic.add(literal(binaryName(e)));
            }
            List<? extends AnnotationValue> declared = List.of();
            for (String a : List.of(PICOCLI + ".Option", PICOCLI + ".Parameters")) {
                AnnotationMirror mirror = annotation(f, a);
                if (mirror != null) {
                    declared = arrayValue(mirror, "type");
                }
            }
            if (!declared.isEmpty()) {
                for (AnnotationValue v : declared) {
                    aux.add(types.erasure((TypeMirror) v.getValue()) + ".class");
                }
            } else if (erasure instanceof ArrayType array) {
                aux.add(types.erasure(array.getComponentType()) + ".class");
            } else if (isMultiValue(erasure) || isOptional(erasure)) {
                if (!args.isEmpty()) {
                    for (TypeMirror e : extracted) {
                        aux.add(e + ".class");
                    }
                } else {
                    aux.add("String.class");
                    aux.add("String.class");
                }
            } else {
                aux.add(erasure + ".class");
            }
            return "new dev.gantry.picocli.specs.GeneratedTypeInfo(" + erasure + ".class, new Class<?>[] {" + String.join(", ", aux) + "}"
                    + (generic.isEmpty() ? "" : ", " + String.join(", ", generic)) + ")";
        }

        private boolean isMultiValue(TypeMirror erasure) {
            return types.isAssignable(erasure, types.erasure(elements.getTypeElement("java.util.Collection").asType()))
                    || types.isAssignable(erasure, types.erasure(elements.getTypeElement("java.util.Map").asType()));
        }

        private boolean isOptional(TypeMirror t) {
            return types.erasure(t).toString().equals("java.util.Optional");
        }

        /** As {@code Class.getName()}. */
        private String binaryName(TypeMirror t) {
            if (t instanceof DeclaredType d) {
                return elements.getBinaryName((TypeElement) d.asElement()).toString();
            }
            if (t instanceof ArrayType a) {
                return "[" + descriptor(a.getComponentType());
            }
            return t.toString();
        }

        private String descriptor(TypeMirror t) {
            return switch (t.getKind()) {
                case BOOLEAN -> "Z";
                case BYTE -> "B";
                case CHAR -> "C";
                case SHORT -> "S";
                case INT -> "I";
                case LONG -> "J";
                case FLOAT -> "F";
                case DOUBLE -> "D";
                case ARRAY -> "[" + descriptor(((ArrayType) t).getComponentType());
                default -> "L" + binaryName(t) + ";";
            };
        }

        /** As {@code Field.toGenericString()}. */
        private String genericString(TypeElement owner, VariableElement f) {
            StringBuilder s = new StringBuilder();
            for (Modifier m : List.of(Modifier.PUBLIC, Modifier.PROTECTED, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL,
                    Modifier.TRANSIENT, Modifier.VOLATILE)) {
                if (f.getModifiers().contains(m)) {
                    s.append(m).append(' ');
                }
            }
            return s + typeName(f.asType()) + " " + elements.getBinaryName(owner) + "." + f.getSimpleName();
        }

        /** As {@code Type.getTypeName()}. */
        private String typeName(TypeMirror t) {
            if (t instanceof DeclaredType d) {
                String raw = elements.getBinaryName((TypeElement) d.asElement()).toString();
                if (d.getTypeArguments().isEmpty()) {
                    return raw;
                }
                List<String> args = new ArrayList<>();
                for (TypeMirror a : d.getTypeArguments()) {
                    args.add(typeName(a));
                }
                return raw + "<" + String.join(", ", args) + ">";
            }
            if (t instanceof ArrayType a) {
                return typeName(a.getComponentType()) + "[]";
            }
            if (t instanceof WildcardType w) {
                return w.getExtendsBound() != null ? "? extends " + typeName(w.getExtendsBound())
                        : w.getSuperBound() != null ? "? super " + typeName(w.getSuperBound()) : "?";
            }
            return t.toString();
        }

        private String abbreviate(String text) {
            return text.replace("private ", "").replace("protected ", "").replace("public ", "").replace("java.lang.", "");
        }

        private String render(TypeMirror type, Object value) {
            if (value instanceof List<?> list) {
                TypeMirror component = ((ArrayType) type).getComponentType();
                List<String> items = new ArrayList<>();
                for (Object item : list) {
                    items.add(render(component, ((AnnotationValue) item).getValue()));
                }
                return "new " + types.erasure(component) + "[] {" + String.join(", ", items) + "}";
            }
            if (value instanceof TypeMirror t) {
                // picocli's defaults name its private marker classes (NoVersionProvider, ...): by name then
                if (t instanceof DeclaredType d && !accessible((TypeElement) d.asElement())) {
                    return "(Class) " + classLiteral((TypeElement) d.asElement());
                }
                return types.erasure(t) + ".class";
            }
            if (value instanceof VariableElement constant) {
                return ((TypeElement) constant.getEnclosingElement()).getQualifiedName() + "." + constant.getSimpleName();
            }
            if (value instanceof AnnotationMirror) {
                throw new IllegalStateException("nested annotations are not modelled: " + value);
            }
            return elements.getConstantExpression(value);
        }
    }

    private static String literal(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
