package dev.gantry.picocli.specs.processor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The processor run by javac on small commands, its output compared with picocli's reflection. */
class CommandSpecProcessorTest {
    @TempDir
    Path dir;

    private final DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();

    @Test
    void generatedSpecMatchesReflectionForOptionsTypesMixinsAndSubcommands() throws Exception {
        ClassLoader loader = compile(Map.of(
                "p/Tool.java", """
                        package p;
                        import picocli.CommandLine;
                        import picocli.CommandLine.*;
                        import java.nio.file.Path;
                        import java.util.*;
                        @Command(name = "tool", mixinStandardHelpOptions = true, version = "tool 1",
                                description = "A tool.", subcommands = Tool.Sub.class, footer = {"", "Footer."})
                        public class Tool implements Runnable {
                            enum Mode { FAST, SLOW }
                            @Option(names = {"-m", "--mode"}, description = "mode: ${COMPLETION-CANDIDATES}") Mode mode = Mode.FAST;
                            @Option(names = "--size", defaultValue = "3", showDefaultValue = CommandLine.Help.Visibility.ALWAYS) int size;
                            @Option(names = "--label", split = ",", paramLabel = "K=V") Map<String, Integer> labels;
                            @Option(names = "--path", arity = "1..*") List<Path> paths = new ArrayList<>();
                            @Option(names = "--color", negatable = true, order = 1) boolean color = true;
                            @Option(names = "--hidden", hidden = true) String hidden;
                            @Parameters(index = "0", paramLabel = "SRC") String source;
                            @Parameters(index = "1..*", arity = "0..*") String[] rest;
                            @Mixin Common common;
                            @Spec CommandLine.Model.CommandSpec spec;
                            public void run() { }
                            @Command(name = "sub", aliases = "s", description = "Sub.")
                            static class Sub implements Runnable {
                                @Option(names = "--deep") Optional<Long> deep;
                                public void run() { }
                            }
                        }
                        """,
                "p/Common.java", """
                        package p;
                        import picocli.CommandLine;
                        import picocli.CommandLine.*;
                        public class Common {
                            @Option(names = "--verbose", description = "more output") boolean verbose;
                            @Spec(Spec.Target.MIXEE) CommandLine.Model.CommandSpec mixee;
                        }
                        """));
        Class<?> tool = loader.loadClass("p.Tool");
        Class<?> index = loader.loadClass("p.Index");

        CommandLine.Model.CommandSpec generated = (CommandLine.Model.CommandSpec) index
                .getMethod("create", Class.class, CommandLine.IFactory.class).invoke(null, tool, CommandLine.defaultFactory());
        CommandLine fromCode = new CommandLine(generated);
        CommandLine reflected = new CommandLine(tool);

        assertThat(fromCode.getUsageMessage(CommandLine.Help.Ansi.OFF)).isEqualTo(reflected.getUsageMessage(CommandLine.Help.Ansi.OFF));
        CommandLine subA = reflected.getSubcommands().get("s");
        CommandLine subB = fromCode.getSubcommands().get("s");
        assertThat(subB.getUsageMessage(CommandLine.Help.Ansi.OFF)).isEqualTo(subA.getUsageMessage(CommandLine.Help.Ansi.OFF));
        for (CommandLine.Model.OptionSpec a : reflected.getCommandSpec().options()) {
            CommandLine.Model.OptionSpec b = generated.findOption(a.longestName());
            assertThat(b.type()).as(a.longestName()).isEqualTo(a.type());
            assertThat(b.auxiliaryTypes()).as(a.longestName()).isEqualTo(a.auxiliaryTypes());
            assertThat(b.arity()).as(a.longestName()).isEqualTo(a.arity());
            assertThat(b.toString()).as(a.longestName()).isEqualTo(a.toString());
        }
        String[] line = {"--mode", "SLOW", "--label", "a=1,b=2", "--path", "x", "y", "--no-color", "--verbose", "src", "r1", "r2"};
        reflected.parseArgs(line);
        fromCode.parseArgs(line);
        for (CommandLine.Model.OptionSpec a : reflected.getCommandSpec().options()) {
            assertThat(String.valueOf((Object) generated.findOption(a.longestName()).getValue())).as(a.longestName())
                    .isEqualTo(String.valueOf((Object) a.getValue()));
        }
        Object common = field(tool, "common").get(generated.userObject());
        assertThat(field(common.getClass(), "mixee").get(common)).as("@Spec(MIXEE)").isSameAs(generated);
        assertThat(field(tool, "spec").get(generated.userObject())).as("@Spec").isSameAs(generated);
    }

    @Test
    void aCommandWithAnArgGroupGetsNoSpecAndANote() throws Exception {
        ClassLoader loader = compile(Map.of("p/Grouped.java", """
                package p;
                import picocli.CommandLine.*;
                @Command(name = "grouped")
                public class Grouped {
                    @ArgGroup(exclusive = true) Choice choice;
                    static class Choice {
                        @Option(names = "-a") boolean a;
                        @Option(names = "-b") boolean b;
                    }
                }
                """));
        Object spec = loader.loadClass("p.Index").getMethod("create", Class.class, CommandLine.IFactory.class)
                .invoke(null, loader.loadClass("p.Grouped"), CommandLine.defaultFactory());

        assertThat(spec).isNull();
        assertThat(diagnostics.getDiagnostics()).anyMatch(d -> d.getKind() == Diagnostic.Kind.NOTE
                && d.getMessage(null).contains("no generated picocli spec for p.Grouped"));
    }

    private static java.lang.reflect.Field field(Class<?> owner, String name) throws NoSuchFieldException {
        java.lang.reflect.Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private ClassLoader compile(Map<String, String> sources) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path out = Files.createDirectories(dir.resolve("out"));
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            files.add(file);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, null)) {
            JavaCompiler.CompilationTask task = javac.getTask(null, fm, diagnostics,
                    List.of("-d", out.toString(), "-cp", System.getProperty("java.class.path"), "-Agantry.specs.index=p.Index",
                            "-implicit:class"),
                    null, fm.getJavaFileObjectsFromPaths(files));
            task.setProcessors(List.of(new CommandSpecProcessor()));
            assertThat(task.call()).as(diagnostics.getDiagnostics().toString()).isTrue();
        }
        return new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
    }
}
