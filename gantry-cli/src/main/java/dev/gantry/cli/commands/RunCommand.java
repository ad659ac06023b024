package dev.gantry.cli.commands;

import dev.gantry.runtime.container.ContainerRunner;
import dev.gantry.runtime.container.ContainerSpec;
import dev.gantry.runtime.container.BindMount;
import dev.gantry.runtime.container.RunSettings;
import dev.gantry.runtime.container.VolumeSpec;
import dev.gantry.oci.Platform;
import dev.gantry.runtime.network.NetworkMode;
import dev.gantry.runtime.network.PortMapping;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "run",
        description = {"Run a command in a new container, as docker run does without a daemon: the image is taken from "
                + "Gantry's store (pulled, or copied from a local location, when absent), its layers are stacked by "
                + "overlayfs from shared snapshots under a fresh upper directory, and runc runs the process in the "
                + "foreground. Its stdout and stderr stream through; its exit code is gantry's.",
                "Needs root for overlayfs and runc; without overlay the container gets a copied rootfs (said on stderr).",
                "Networks as rootful podman's: by default a namespace of its own on bridge gantry0 (10.89.0.0/24, NAT to "
                        + "the outside, made with the CNI plugins of containernetworking-plugins and torn down when the "
                        + "process exits), --network host or none; /etc/resolv.conf, /etc/hosts and /etc/hostname are "
                        + "bound in from the container's directory."})
public final class RunCommand extends StoreCommand {
    @Option(names = "--rm", description = "delete the container when its process exits")
    boolean remove;

    @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "set an environment variable (repeatable)")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "working directory inside the container")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", description = "user (name or uid), resolved in the image's etc/passwd")
    String user;

    @Option(names = "--entrypoint", paramLabel = "CMD", description = "replace the image's Entrypoint (and drop its Cmd)")
    String entrypoint;

    @Option(names = "--name", paramLabel = "NAME", description = "name the container")
    String name;

    @Option(names = "--no-overlay", description = "give the container a copied root filesystem instead of overlay-mounted "
            + "layer snapshots (slower and uses more disk; for file systems overlayfs cannot stack on); "
            + "diff-container and commit then refuse")
    boolean noOverlay;

    @Option(names = {"-d", "--detach"}, description = "run in the background and print the container's id "
            + "(its output: gantry logs; gantry stop, exec, rm)")
    boolean detach;

    @Option(names = {"-i", "--interactive"}, description = "pass gantry's stdin to the process (otherwise it reads /dev/null)")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "give the process a terminal (use from a terminal, usually with -i)")
    boolean tty;

    @Option(names = {"-v", "--volume"}, paramLabel = "SRC:DEST[:ro]",
            description = "bind a host path (absolute or ./, created when missing) or a named volume (kept in the store) "
                    + "at DEST (repeatable)")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--read-only", description = "mount the container's root filesystem read-only")
    boolean readOnly;

    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", description = "memory limit, e.g. 512m or 2g")
    String memory;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU limit in CPUs, e.g. 1.5")
    Double cpus;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "the platform to take from a multi-platform image when it is pulled (default: this machine's)")
    String platform;

    @Option(names = "--network", paramLabel = "MODE", description = "bridge (default: a private namespace on bridge gantry0 "
            + "with NAT), host (the host's network) or none (loopback only)")
    String network = "bridge";

    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:]HOSTPORT:PORT[/PROTO]",
            description = "publish a container port on the host (bridge network; tcp unless /udp), e.g. 8080:80 or "
                    + "127.0.0.1:8080:80 (repeatable)")
    List<String> publish = new ArrayList<>();

    @Mixin
    RemoteOptionsMixin remote;

    @Parameters(index = "0", paramLabel = "REF", description = "image: a stored name, a registry reference or a local location (oci:DIR:TAG...)")
    String ref;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "command and arguments replacing the image's Cmd")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<BindMount> mounts = new ArrayList<>();
        for (String volume : volumes) {
            mounts.add(VolumeSpec.parse(volume, store()));
        }
        RunSettings settings = new RunSettings(interactive, tty, readOnly, memory == null ? null : RunSettings.parseMemory(memory),
                cpus, platform == null ? null : Platform.parse(platform))
                .withNetwork(NetworkMode.parse(network), publish.stream().map(PortMapping::parse).toList());
        ContainerSpec containerSpec = new ContainerSpec(ref, command, entrypoint == null ? null : List.of(entrypoint), env,
                workdir, user, name, remove, mounts, settings);
        ContainerRunner runner = new ContainerRunner(store(), remote.options(), notice -> {
            err().println("gantry: " + notice);
            err().flush();
        }, !noOverlay);
        if (detach) {
            out().println(runner.runDetached(containerSpec).id());
            out().flush();
            return 0;
        }
        return runner.run(containerSpec, System.out, System.err).exitCode();
    }
}
