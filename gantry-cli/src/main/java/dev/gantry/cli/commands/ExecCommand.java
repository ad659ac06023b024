package dev.gantry.cli.commands;

import dev.gantry.runtime.container.Container;
import dev.gantry.runtime.container.ContainerRunner;
import dev.gantry.runtime.container.DetachedContainers;
import dev.gantry.runtime.container.OciRuntime;
import dev.gantry.runtime.container.RunSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "exec", description = "Run a command inside a running container (one started with run -d), as docker exec: "
        + "with the container's environment, user and working directory; its exit code is gantry's.")
public final class ExecCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "container name, id or id prefix")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "command and arguments")
    List<String> command;

    @Option(names = {"-i", "--interactive"}, description = "pass gantry's stdin to the command")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "give the command a terminal")
    boolean tty;

    @Override
    public Integer call() throws Exception {
        ContainerRunner runner = containerRunner();
        Container container = runner.containers().find(id);
        return DetachedContainers.exec(OciRuntime.detect(), container, command,
                new RunSettings(interactive, tty, false, null, null, null), System.out, System.err);
    }
}
