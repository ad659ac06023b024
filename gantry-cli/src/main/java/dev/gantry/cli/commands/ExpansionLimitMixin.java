package dev.gantry.cli.commands;

import dev.gantry.layer.ExpansionLimits;
import picocli.CommandLine.Option;

/** {@code --max-expansion}: the one expansion limit of every command that reads layers' contents. */
public final class ExpansionLimitMixin {
    @Option(names = "--max-expansion", paramLabel = "RATIO",
            description = "refuse a layer that inflates past RATIO x its stored size + 64 MiB (default: ${DEFAULT-VALUE}; 0: no limit)")
    long maxExpansion = ExpansionLimits.DEFAULT_RATIO;

    ExpansionLimits limits() {
        return ExpansionLimits.defaults().withRatio(maxExpansion);
    }
}
