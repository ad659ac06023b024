package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.container.Container;
import dev.gantry.runtime.container.ContainerChanges;
import dev.gantry.runtime.container.Containers;
import dev.gantry.runtime.store.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "diff-container", description = {"What a container changed, from its overlay upper directory, as docker diff "
        + "prints it: A added, C changed (the path is in the image), D deleted (a kernel whiteout: a 0/0 character "
        + "device). A directory deleted and made again (overlay's opaque directory) is marked 'opaque'."})
public final class DiffContainerCommand extends StoreCommand {
    @Parameters(paramLabel = "CONTAINER", description = "container name, id or id prefix")
    String container;

    @Override
    public Integer call() throws Exception {
        Container found = new Containers(store()).find(container);
        List<ContainerChanges.Change> changes = ContainerChanges.of(found, new SnapshotStore(store(), ExpansionLimits.defaults()));
        if (json) {
            Output.json(out(), changes);
            return 0;
        }
        for (ContainerChanges.Change c : changes) {
            out().println(c.kind() + " " + c.path() + (c.opaque() ? " (opaque)" : ""));
        }
        out().flush();
        return 0;
    }
}
