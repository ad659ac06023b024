package dev.gantry.cli.commands;

import dev.gantry.runtime.container.Container;
import dev.gantry.runtime.container.ContainerRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "rm", description = "Remove containers: the runtime's state (runc delete), the overlay mount, the upper "
        + "directory and everything else the container had. A running container is refused unless -f, which kills it.")
public final class RmCommand extends StoreCommand {
    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "container name, id or id prefix")
    List<String> containers;

    @Option(names = {"-f", "--force"}, description = "kill a container whose process still runs, then remove it")
    boolean force;

    @Override
    public Integer call() throws Exception {
        ContainerRunner runner = containerRunner();
        for (String id : containers) {
            Container container = runner.containers().find(id);
            runner.remove(container, force);
            out().println(container.shortId());
        }
        out().flush();
        return 0;
    }
}
