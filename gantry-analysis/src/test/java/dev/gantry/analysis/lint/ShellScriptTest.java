package dev.gantry.analysis.lint;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShellScriptTest {
    @Test
    void splitsListsPipelinesAndWordsWithoutQuotes() {
        ShellScript script = ShellScript.parse(
                "DEBIAN_FRONTEND=noninteractive apt-get install -y \"a b\" && curl -s x 2>&1 | sh; (cd /x || true) & echo 'c # d' # done");
        assertThat(script.pipelines()).hasSize(5);
        assertThat(script.commands()).extracting(ShellScript.Command::words).containsExactly(
                List.of("apt-get", "install", "-y", "a b"), List.of("curl", "-s", "x", "2>&1"), List.of("sh"),
                List.of("cd", "/x"), List.of("true"), List.of("echo", "c # d"));
        assertThat(script.hasPipe()).isTrue();
        assertThat(script.commands().getFirst().subcommand()).isEqualTo("install");
    }

    @Test
    void seesCommandsAfterShellKeywordsAndThroughSudo() {
        ShellScript script = ShellScript.parse("if true; then sudo -E apt-get install -y x; fi");
        assertThat(script.calls("apt-get")).singleElement().satisfies(c -> assertThat(c.subcommand()).isEqualTo("install"));
    }
}
