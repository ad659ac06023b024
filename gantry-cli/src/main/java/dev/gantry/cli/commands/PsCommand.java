package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Table;
import dev.gantry.runtime.container.Container;
import dev.gantry.runtime.container.Containers;
import dev.gantry.runtime.container.OciRuntime;
import dev.gantry.runtime.network.PortMapping;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "ps", description = "List the containers Gantry made (running and exited), oldest first.")
public final class PsCommand extends StoreCommand {
    @Override
    public Integer call() throws Exception {
        List<Container> containers = new Containers(store()).list();
        if (json) {
            Output.json(out(), containers.stream().map(c -> c.at(null)).toList());
            return 0;
        }
        Table table = new Table("CONTAINER ID", "NAME", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS");
        for (Container c : containers) {
            String status = "exited".equals(c.status()) ? "Exited (" + c.exitCode() + ")" : c.status();
            if ("running".equals(c.status()) && OciRuntime.available() && OciRuntime.detect().status(c.runtimeId()) == null) {
                status = "Stopped (gantry was stopped before it)"; // runc knows it no more: the process is gone
            }
            table.row(c.shortId(), c.name(), c.image(), String.join(" ", c.args()), c.created(), status,
                    String.join(", ", c.ports().stream().map(PsCommand::published).toList()));
        }
        table.print(out());
        return 0;
    }

    /** A published port as docker ps shows it: {@code 127.0.0.1:8080->80/tcp}, {@code 0.0.0.0} for every address. */
    private static String published(String port) {
        PortMapping p = PortMapping.parse(port);
        return (p.hostIp() == null ? "0.0.0.0" : p.hostIp()) + ":" + p.hostPort() + "->" + p.containerPort() + "/" + p.protocol();
    }
}
