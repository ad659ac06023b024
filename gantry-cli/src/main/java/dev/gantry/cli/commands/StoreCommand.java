package dev.gantry.cli.commands;

import dev.gantry.runtime.container.ContainerRunner;
import dev.gantry.store.StoreRoot;
import dev.gantry.transport.RemoteOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** A command on Gantry's local store of images, snapshots and containers: --root and --json. */
abstract class StoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR",
            description = "store of images, layer snapshots and containers (default: $GANTRY_ROOT, else "
                    + "$XDG_DATA_HOME/gantry, else ~/.local/share/gantry)")
    Path root;

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    StoreRoot store() {
        return StoreRoot.locate(root);
    }

    /**
     * A runner over the store for verbs on containers that exist already (exec, logs, rm, stop): it
     * pulls nothing and has nothing to report.
     */
    ContainerRunner containerRunner() {
        return new ContainerRunner(store(), RemoteOptions.defaults(), notice -> { });
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Docker's short form of a digest or id: its first 12 hex characters. */
    static String shortHex(String digestOrId) {
        String hex = digestOrId.substring(digestOrId.indexOf(':') + 1);
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
