package dev.gantry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line Main builds from the specs gantry-picocli-specs generates at compile time is the one
 * picocli's reflection builds from the annotations: for every verb (with its own verbs: serve scrub,
 * image create, index create, vulns db ..., edit config, auth token), the root and the help verb, the
 * same usage text, the same model attribute by attribute, and the same values after parsing.
 */
class GeneratedSpecsTest {

    /** Each verb as `gantry VERB` models it, the verb list (no verb, --help, an unknown verb) and `help VERB`. */
    static Stream<List<String>> commandLines() {
        List<List<String>> lines = new ArrayList<>();
        for (Class<?> command : Main.COMMANDS) {
            lines.add(List.of(command.getAnnotation(CommandLine.Command.class).name()));
        }
        lines.add(List.of());
        lines.add(List.of("--help"));
        lines.add(List.of("no-such-verb"));
        lines.add(List.of("help", "inspect"));
        lines.add(List.of("help", "serve"));
        return lines.stream();
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void generatedCommandLineIsTheReflectedOne(List<String> args) {
        CommandLine reflected = Main.commandLine(args.toArray(String[]::new), false);
        CommandLine generated = Main.commandLine(args.toArray(String[]::new), true);
        assertSameCommand(reflected, generated, "gantry");
    }

    @Test
    void everyVerbAndItsOwnVerbsHaveAGeneratedSpec() throws Exception {
        List<Class<?>> all = new ArrayList<>(Main.COMMANDS);
        all.add(Main.class);
        all.add(CommandLine.HelpCommand.class);
        for (int i = 0; i < all.size(); i++) {
            Class<?> command = all.get(i);
            CommandLine.Command annotation = command.getAnnotation(CommandLine.Command.class);
            assertThat(GeneratedCommandSpecs.name(command)).as(command.getName()).isEqualTo(annotation.name());
            assertThat(GeneratedCommandSpecs.aliases(command)).as(command.getName()).containsExactly(annotation.aliases());
            assertThat(GeneratedCommandSpecs.description(command)).as(command.getName()).containsExactly(annotation.description());
            assertThat(GeneratedCommandSpecs.create(command, CommandLine.defaultFactory())).as(command.getName()).isNotNull();
            all.addAll(Arrays.asList(annotation.subcommands()));
        }
    }

    /** Each verb parsed with every option and positional given a value: the fields end up the same. */
    @ParameterizedTest
    @MethodSource("commandLines")
    void parsingSetsTheSameValues(List<String> args) {
        if (args.size() != 1 || args.get(0).startsWith("-") || args.get(0).equals("no-such-verb")) {
            return;
        }
        CommandLine reflected = Main.commandLine(args.toArray(String[]::new), false);
        CommandLine generated = Main.commandLine(args.toArray(String[]::new), true);
        List<CommandLine> verbs = new ArrayList<>();
        collect(reflected.getSubcommands().get(args.get(0)), verbs);
        for (CommandLine verb : verbs) {
            List<String> line = new ArrayList<>(qualified(verb));
            List<String> argv = sampleArguments(verb.getCommandSpec());
            line.addAll(argv);
            CommandLine.ParseResult a = parse(reflected, line);
            CommandLine.ParseResult b = parse(generated, line);
            CommandLine verbA = find(reflected, qualified(verb));
            CommandLine verbB = find(generated, qualified(verb));
            assertThat(values(verbB.getCommandSpec())).as(String.join(" ", line)).isEqualTo(values(verbA.getCommandSpec()));
            assertThat(b == null).isEqualTo(a == null);
        }
    }

    private static List<String> qualified(CommandLine verb) {
        List<String> names = new ArrayList<>();
        for (CommandSpec s = verb.getCommandSpec(); s.parent() != null; s = s.parent()) {
            names.add(0, s.name());
        }
        return names;
    }

    private static CommandLine find(CommandLine root, List<String> path) {
        CommandLine c = root;
        for (String name : path) {
            c = c.getSubcommands().get(name);
        }
        return c;
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        into.add(c);
        Set<CommandLine> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (CommandLine sub : c.getSubcommands().values()) {
            if (seen.add(sub)) {
                collect(sub, into);
            }
        }
    }

    private static CommandLine.ParseResult parse(CommandLine cli, List<String> line) {
        try {
            return cli.parseArgs(line.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            return null;
        }
    }

    /** A value for every non-help option and positional, of a kind its type converts. */
    private static List<String> sampleArguments(CommandSpec spec) {
        List<String> argv = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            argv.add(o.longestName());
            if (o.arity().max() > 0 && o.arity().min() > 0) {
                argv.add(sample(o));
            }
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            for (int i = 0; i < Math.max(1, p.arity().min()); i++) {
                argv.add(sample(p));
            }
        }
        return argv;
    }

    private static String sample(ArgSpec arg) {
        Class<?> type = arg.auxiliaryTypes()[arg.auxiliaryTypes().length - 1];
        if (type.isEnum()) {
            return type.getEnumConstants()[0].toString();
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "3";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "0.5";
        }
        if (type == java.time.Duration.class) {
            return "PT1S";
        }
        return arg.isOption() ? "k=v" : "oci:/tmp/x:1";
    }

    private static Map<String, String> values(CommandSpec spec) {
        Map<String, String> values = new TreeMap<>();
        for (OptionSpec o : spec.options()) {
            values.put(o.longestName(), String.valueOf((Object) o.getValue()));
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            values.put("#" + p.index(), String.valueOf((Object) p.getValue()));
        }
        return values;
    }

    private static void assertSameCommand(CommandLine reflected, CommandLine generated, String path) {
        CommandSpec a = reflected.getCommandSpec();
        CommandSpec b = generated.getCommandSpec();
        assertThat(generated.getUsageMessage(CommandLine.Help.Ansi.OFF)).as(path + " usage").isEqualTo(reflected.getUsageMessage(CommandLine.Help.Ansi.OFF));
        assertThat(describe(b)).as(path).isEqualTo(describe(a));
        assertThat(usage(b.usageMessage())).as(path + " usage message spec").isEqualTo(usage(a.usageMessage()));
        assertThat(b.options()).as(path + " options").hasSameSizeAs(a.options());
        for (int i = 0; i < a.options().size(); i++) {
            assertThat(describe(b.options().get(i))).as(path + " option " + a.options().get(i).longestName())
                    .isEqualTo(describe(a.options().get(i)));
        }
        assertThat(b.positionalParameters()).as(path + " positionals").hasSameSizeAs(a.positionalParameters());
        for (int i = 0; i < a.positionalParameters().size(); i++) {
            assertThat(describe(b.positionalParameters().get(i))).as(path + " positional " + i)
                    .isEqualTo(describe(a.positionalParameters().get(i)));
        }
        assertThat(b.mixins().keySet()).as(path + " mixins").containsExactlyElementsOf(a.mixins().keySet());
        assertThat(b.specElements()).as(path + " @Spec fields").hasSameSizeAs(a.specElements());
        assertThat(b.parentCommandElements()).as(path + " @ParentCommand fields").hasSameSizeAs(a.parentCommandElements());
        assertThat(generated.getSubcommands().keySet()).as(path + " subcommands").containsExactlyElementsOf(reflected.getSubcommands().keySet());
        for (Map.Entry<String, CommandLine> sub : reflected.getSubcommands().entrySet()) {
            assertSameCommand(sub.getValue(), generated.getSubcommands().get(sub.getKey()), path + " " + sub.getKey());
        }
    }

    private static List<Object> describe(CommandSpec s) {
        return List.of(String.valueOf(s.name()), List.of(s.aliases()), s.qualifiedName(), String.valueOf(s.scopeType()),
                s.mixinStandardHelpOptions(), s.inherited(), String.valueOf(s.userObject() == null ? null : s.userObject().getClass()),
                String.valueOf(s.versionProvider() == null ? null : s.versionProvider().getClass()), List.of(s.version()),
                s.helpCommand(), s.exitCodeOnSuccess(), s.exitCodeOnUsageHelp(), s.exitCodeOnVersionHelp(),
                s.exitCodeOnInvalidInput(), s.exitCodeOnExecutionException(), s.parser().separator(),
                s.subcommandsRepeatable(), s.isAddMethodSubcommands(), String.valueOf(s.defaultValueProvider()),
                String.valueOf(s.parent() == null ? null : s.parent().qualifiedName()));
    }

    private static List<Object> usage(UsageMessageSpec u) {
        return List.of(List.of(u.description()), List.of(u.header()), List.of(u.footer()), List.of(u.customSynopsis()),
                u.synopsisHeading(), u.commandListHeading(), u.optionListHeading(), u.parameterListHeading(),
                u.descriptionHeading(), u.footerHeading(), u.headerHeading(), u.hidden(), u.abbreviateSynopsis(),
                u.sortOptions(), u.showDefaultValues(), u.width(), u.autoWidth(), u.exitCodeList());
    }

    private static List<Object> describe(ArgSpec arg) {
        List<Object> d = new ArrayList<>(List.of(
                arg.paramLabel(), String.valueOf(arg.arity()), arg.type().getName(), Arrays.toString(arg.auxiliaryTypes()),
                String.valueOf(arg.defaultValue()), arg.required(), arg.hidden(), arg.splitRegex(),
                List.of(arg.description()), String.valueOf(arg.descriptionKey()), String.valueOf(arg.scopeType()), arg.inherited(),
                arg.hasInitialValue(), String.valueOf(arg.initialValue()), arg.interactive(), arg.hideParamSyntax(),
                String.valueOf(arg.showDefaultValue()), arg.converters().length, String.valueOf(arg.completionCandidates()),
                String.valueOf(arg.parameterConsumer()), arg.isMultiValue(), arg.typeInfo().getActualGenericTypeArguments(),
                arg.typeInfo().isBoolean(), arg.typeInfo().isEnum(), arg.typeInfo().getEnumConstantNames(),
                String.valueOf(arg.mapFallbackValue()), arg.toString()));
        if (arg instanceof OptionSpec o) {
            d.addAll(List.of(List.of(o.names()), o.negatable(), o.order(), o.usageHelp(), o.versionHelp(), o.help(),
                    String.valueOf(o.fallbackValue())));
        } else {
            d.add(String.valueOf(((PositionalParamSpec) arg).index()));
        }
        return d;
    }
}
