package dev.gantry.cli.commands;

import dev.gantry.runtime.container.Container;
import dev.gantry.runtime.container.ContainerRunner;
import dev.gantry.runtime.container.DetachedContainers;
import dev.gantry.runtime.container.OciRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;

@Command(name = "stop", description = "Stop running containers as docker stop does: SIGTERM, then SIGKILL after the grace "
        + "time; the container stays (exited, with its code) until gantry rm.")
public final class StopCommand extends StoreCommand {
    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "container name, id or id prefix")
    List<String> containers;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "grace time before SIGKILL (default: ${DEFAULT-VALUE})")
    int seconds = 10;

    @Override
    public Integer call() throws Exception {
        ContainerRunner runner = containerRunner();
        for (String id : containers) {
            Container container = runner.containers().find(id);
            DetachedContainers.stop(OciRuntime.detect(), container, Duration.ofSeconds(seconds));
            out().println(container.shortId());
        }
        out().flush();
        return 0;
    }
}
