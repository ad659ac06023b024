package dev.gantry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** --help as a person reads it in an 80-column terminal. */
class HelpTest {
    @Test
    void topLevelHelpListsImageLocationsWithinEightyColumns() {
        CliRun help = CliRun.of("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("Image locations:", "docker-archive:FILE[:NAME:TAG]", "docker://HOST/REPO");
        assertThat(help.stdout().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
    }

    @ParameterizedTest
    @ValueSource(strings = {"inspect", "copy", "tree", "unpack"})
    void commandsTakingImagesShowTheLocations(String verb) {
        assertThat(CliRun.of(verb, "--help").stdout()).contains("Image locations:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lint", "login", "logout", "catalog", "serve", "gc", "ps"})
    void commandsTakingNoImageLeaveTheLocationsOut(String verb) {
        CliRun help = CliRun.of(verb, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("Usage: gantry " + verb).doesNotContain("Image locations:");
    }
}
