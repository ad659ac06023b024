package dev.gantry.picocli.specs;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IAnnotatedElement;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Spec;


/**
 * What generated spec code does with each member, in the order and with the effects of picocli's
 * own reflection ({@code CommandLine.Model.CommandReflection}), through its public model API.
 */
public final class GeneratedSpecs {
    /** The key picocli files its standard --help/--version mixin under. */
    public static final String STANDARD_HELP_MIXIN = "mixinStandardHelpOptions";

    private GeneratedSpecs() {
    }

    /** An {@code @Option}, {@code @Parameters}, {@code @Spec} or {@code @ParentCommand} field. */
    public static void addMember(CommandSpec spec, GeneratedMember member, IFactory factory) throws Exception {
        if (member.isOption()) {
            spec.add(OptionSpec.builder(member, factory).initialValue(member.getter().get()).build());
        } else if (member.isParameter()) {
            spec.add(PositionalParamSpec.builder(member, factory).initialValue(member.getter().get()).build());
        }
        if (member.isSpec()) {
            spec.addSpecElement(member);
            if (member.getAnnotation(Spec.class).value() == Spec.Target.SELF) {
                member.setter().set(spec);
            }
        }
        if (member.isParentCommand()) {
            spec.addParentCommandElement(member);
        }
    }

    /** A {@code @Mixin} field's spec, added as picocli adds it, with {@code @Spec(MIXEE)} fields pointed at the mixee. */
    public static void addMixin(CommandSpec spec, GeneratedMember member, CommandSpec mixin) throws Exception {
        spec.addMixin(member.getMixinName(), mixin.withToString(member.getToString()), member);
        for (IAnnotatedElement element : mixin.specElements()) {
            if (element.getAnnotation(Spec.class).value() == Spec.Target.MIXEE) {
                element.setter().set(spec);
            }
        }
    }

    /** {@code mixinStandardHelpOptions = true}: the --help/--version mixin unless the command has such options. */
    public static void mixinStandardHelpOptions(CommandSpec spec, CommandSpec standardHelp) {
        for (String name : standardHelp.optionsMap().keySet()) {
            if (spec.optionsMap().containsKey(name)) {
                return;
            }
        }
        spec.addMixin(STANDARD_HELP_MIXIN, standardHelp);
    }

    /** A class generated code cannot name (package-private in another package), by its binary name. */
    public static Class<?> type(String binaryName) {
        try {
            return Class.forName(binaryName, false, GeneratedSpecs.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("generated spec names a class that is missing: " + binaryName, e);
        }
    }
}
