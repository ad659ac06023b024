package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Sizes;
import dev.gantry.runtime.container.Containers;
import dev.gantry.runtime.store.StorePruner;
import picocli.CommandLine.Command;

import java.util.Locale;

@Command(name = "prune", description = "Delete what no stored image and no container uses: layer snapshots, blobs, and "
        + "work directories crashed unpacks left (older than an hour).")
public final class PruneCommand extends StoreCommand {
    @Override
    public Integer call() throws Exception {
        StorePruner.Result result = StorePruner.prune(store(), new Containers(store()).layersInUse());
        if (json) {
            Output.json(out(), result);
        } else {
            out().printf(Locale.ROOT, "deleted %d snapshot(s), %d blob(s): %s reclaimed%n",
                    result.snapshots(), result.blobs(), Sizes.human(result.bytes()));
            out().flush();
        }
        return 0;
    }
}
