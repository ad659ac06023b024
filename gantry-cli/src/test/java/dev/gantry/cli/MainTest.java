package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    @Test
    void aCommandNamedFirstIsBuiltAloneWithTheSameUsageAsInTheWholeModel() {
        Map<String, CommandLine> whole = new CommandLine(Main.class).getSubcommands();
        assertThat(whole).containsKey("inspect");
        whole.forEach((name, full) -> {
            if (name.equals("help")) {
                return;
            }
            CommandLine alone = Main.commandLine(name, "--help");

            assertThat(alone.getSubcommands()).as(name).containsOnlyKeys(full.getCommandSpec().names().toArray(String[]::new));
            assertThat(alone.getSubcommands().get(name).getUsageMessage()).as(name).isEqualTo(full.getUsageMessage());
        });
    }

    @Test
    void helpAndUnknownNamesGetEveryCommand() {
        int all = new CommandLine(Main.class).getSubcommands().size();

        assertThat(Main.commandLine("help", "inspect").getSubcommands()).hasSize(all);
        assertThat(Main.commandLine("inspct").getSubcommands()).hasSize(all);
        assertThat(Main.commandLine("--version").getSubcommands()).hasSize(all);
    }

    @Test
    void aCommandBuiltAloneStillAnswersVersion() {
        CliRun run = CliRun.of("inspect", "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("gantry ");
    }
}
