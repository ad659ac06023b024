package dev.gantry.cli.commands;

import dev.gantry.runtime.container.Container;
import dev.gantry.runtime.container.ContainerRunner;
import dev.gantry.runtime.container.DetachedContainers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = "Print the output (stdout and stderr, interleaved) of a container run with -d; "
        + "-f follows it until the container exits, as docker logs -f.")
public final class LogsCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "container name, id or id prefix")
    String id;

    @Option(names = {"-f", "--follow"}, description = "keep printing new output until the container exits")
    boolean follow;

    @Override
    public Integer call() throws Exception {
        ContainerRunner runner = containerRunner();
        Container container = runner.containers().find(id);
        DetachedContainers.logs(container, follow, System.out);
        return 0;
    }
}
