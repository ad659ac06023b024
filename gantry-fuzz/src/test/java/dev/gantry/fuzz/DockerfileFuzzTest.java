package dev.gantry.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gantry.analysis.lint.Linter;
import dev.gantry.dockerfile.ArgInstruction;
import dev.gantry.dockerfile.CopyInstruction;
import dev.gantry.dockerfile.Dockerfile;
import dev.gantry.dockerfile.DockerfileParser;
import dev.gantry.dockerfile.Expander;
import dev.gantry.dockerfile.Instruction;
import dev.gantry.dockerfile.KeyValueInstruction;
import dev.gantry.dockerfile.SimpleInstruction;
import dev.gantry.dockerfile.Stage;
import dev.gantry.dockerfile.Variables;
import dev.gantry.error.GantryException;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dockerfiles: parsed, then walked the way `gantry build` scopes and expands them (global ARGs,
 * FROM images, per-stage ARG and ENV, COPY sources and destinations, WORKDIR/USER words) and
 * linted. A file is refused with a typed error (a syntax error names its line), or every
 * instruction lies within the file's lines and every expansion gives a value or a typed error.
 * {@code expansion} fuzzes single words: text without '$', quotes or the escape expands to itself.
 */
class DockerfileFuzzTest {
    private static final Map<String, String> LOOKUP = Map.of("NAME", "world.tar.gz", "HOME", "/root", "A", "a", "B", "");

    @FuzzTest
    void dockerfile(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Dockerfile file;
        try {
            file = DockerfileParser.parse(text, "Dockerfile");
        } catch (GantryException refused) {
            return;
        }
        long lines = text.lines().count();
        for (Instruction i : file.instructions()) {
            assertThat(i.source().startLine()).isBetween(1, i.source().endLine());
            assertThat((long) i.source().endLine()).isLessThanOrEqualTo(Math.max(lines, 1));
        }
        Variables global = Variables.global(Map.of("GO_VERSION", "1.23"), Variables.platformArgs("linux/amd64", "linux/arm64/v8"),
                file.escape());
        for (ArgInstruction arg : file.globalArgs()) {
            global = global.declare(arg);
        }
        for (Stage stage : file.stages()) {
            Variables g = global;
            expand(() -> g.expand(stage.baseImage()));
            Variables scope = global.stage(Map.of("PATH", "/usr/bin:/bin"));
            for (Instruction i : stage.instructions()) {
                scope = step(scope, i);
            }
            assertThat(file.stage(String.valueOf(stage.index()))).contains(stage);
        }
        new Linter(Set.of()).lint(file);
    }

    /** One instruction's expansions; returns the scope the next instruction sees. */
    private static Variables step(Variables scope, Instruction i) {
        try {
            switch (i) {
                case ArgInstruction arg -> {
                    return scope.declare(arg);
                }
                case KeyValueInstruction kv when kv.keyword().equals("ENV") -> {
                    return scope.withEnv(kv);
                }
                case CopyInstruction copy -> {
                    copy.sources().forEach(scope::expand);
                    scope.expand(copy.destination());
                }
                case SimpleInstruction simple -> scope.expandWords(simple.text());
                default -> {
                }
            }
        } catch (GantryException refused) {
            // ${X:?message} and malformed words are refused with a typed error
        }
        return scope;
    }

    private static void expand(Supplier<String> expansion) {
        try {
            assertThat(expansion.get()).isNotNull();
        } catch (GantryException refused) {
            // as above
        }
    }

    @FuzzTest
    void expansion(byte[] input) {
        String word = new String(input, StandardCharsets.UTF_8);
        for (char escape : new char[] {'\\', '`'}) {
            String expanded;
            try {
                expanded = new Expander(escape, LOOKUP::get).expand(word);
            } catch (GantryException refused) {
                continue;
            }
            if (word.chars().noneMatch(c -> c == '$' || c == '\'' || c == '"' || c == escape)) {
                assertThat(expanded).isEqualTo(word);
            }
        }
    }
}
