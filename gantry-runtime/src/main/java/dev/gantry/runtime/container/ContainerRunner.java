package dev.gantry.runtime.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.copy.CopyOptions;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Image;
import dev.gantry.image.Layer;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.oci.Json;
import dev.gantry.runtime.apply.ImageUnpacker;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.bundle.ProcessUser;
import dev.gantry.runtime.bundle.RuntimeConfigBuilder;
import dev.gantry.runtime.bundle.UserResolver;
import dev.gantry.runtime.host.BackgroundTask;
import dev.gantry.runtime.network.BridgeNetwork;
import dev.gantry.runtime.network.ContainerNetwork;
import dev.gantry.runtime.network.NetworkFiles;
import dev.gantry.runtime.network.NetworkMode;
import dev.gantry.runtime.network.NetworkSetupException;
import dev.gantry.runtime.network.PortMapping;
import dev.gantry.runtime.store.SnapshotStore;
import dev.gantry.store.ImageStore;
import dev.gantry.store.StoreRoot;
import dev.gantry.transport.RemoteOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs containers the way {@code docker run} does, daemonless: the image from the store
 * (pulled or copied in when absent), its layers as snapshots stacked by overlayfs under a
 * fresh upper directory (or, without overlay, a copied rootfs), a runtime config converted
 * from the image config by the bundle rules plus the run's overrides, then {@code runc run}
 * in the foreground with stdout and stderr streamed. The build command's RUN step uses this
 * same path ({@link #create}, {@link #start}, {@link #remove}).
 *
 * <p>Networks ({@link NetworkMode}): a bridge container's namespace is made and joined to the bridge
 * ({@link ContainerNetwork}) just before the runtime starts and torn down when its process has exited (by the
 * detached shim for {@code run -d}), or when the container is removed; the runtime config names the namespace
 * by path. {@code /etc/resolv.conf}, {@code /etc/hosts} and {@code /etc/hostname} are bind-mounted from the
 * container's {@code network/} directory ({@link NetworkFiles}); their mount points are empty files in the
 * init layer, so they never show in diff, commit or a build layer.
 */
public final class ContainerRunner {
    /** The runtime's own messages (JSON lines), kept apart from the container's output. */
    private static final String RUNTIME_LOG = "runtime-log.json";
    /** The container's resolv.conf, hosts and hostname, bind-mounted into it. */
    private static final String NETWORK_DIR = "network";

    /**
     * A finished run.
     *
     * @param container the container, marked exited (already deleted when the spec asked for {@code --rm})
     * @param exitCode  the process's exit code
     */
    public record Run(Container container, int exitCode) {
    }

    private final RemoteOptions remote;
    private static final List<String> INIT_DIRS = List.of("dev", "proc", "sys");

    private final Consumer<String> notices;
    private final ImageStore images;
    private final SnapshotStore snapshots;
    private final Containers containers;
    private final boolean overlay;
    private final BridgeNetwork bridge;

    /**
     * A runner over one store that uses overlayfs wherever it can.
     *
     * @param root    the store holding images, snapshots and containers
     * @param remote  how to reach a registry when the image must be pulled
     * @param notices told, for the user's stderr, what a run does unusually (the copied-rootfs fallback, unpack
     *                warnings)
     */
    public ContainerRunner(StoreRoot root, RemoteOptions remote, Consumer<String> notices) {
        this(root, remote, notices, true);
    }

    /**
     * A runner over one store, optionally without overlayfs.
     *
     * @param root    the store holding images, snapshots and containers
     * @param remote  how to reach a registry when the image must be pulled
     * @param notices told, for the user's stderr, what a run does unusually
     * @param overlay false gives every container a copied rootfs even where overlayfs works: for file systems
     *                overlayfs cannot stack on, and what happens anyway without it
     */
    public ContainerRunner(StoreRoot root, RemoteOptions remote, Consumer<String> notices, boolean overlay) {
        this(root, remote, notices, overlay, BridgeNetwork.defaults());
    }

    /**
     * A runner over one store whose bridge containers join {@code bridge}.
     *
     * @param root    the store holding images, snapshots and containers
     * @param remote  how to reach a registry when the image must be pulled
     * @param notices told, for the user's stderr, what a run does unusually
     * @param overlay false gives every container a copied rootfs even where overlayfs works
     * @param bridge  the network {@link NetworkMode#BRIDGE} containers join, and where its CNI plugins are
     */
    public ContainerRunner(StoreRoot root, RemoteOptions remote, Consumer<String> notices, boolean overlay, BridgeNetwork bridge) {
        this.bridge = bridge;
        this.overlay = overlay;
        this.remote = remote;
        this.notices = notices;
        this.images = new ImageStore(root);
        this.snapshots = new SnapshotStore(root, ExpansionLimits.defaults());
        this.containers = new Containers(root);
    }

    /**
     * The store's containers, for listing and finding them.
     *
     * @return the containers this runner creates and removes
     */
    public Containers containers() {
        return containers;
    }

    /**
     * {@code docker run}: {@link #create}, {@link #start} and, with {@code --rm}, {@link #remove} (also when
     * the start fails). A container whose network could not be set up is removed in any case.
     *
     * @param spec what to run
     * @param out  receives the process's stdout
     * @param err  receives the process's stderr
     * @return the exited container and its exit code
     * @throws ContainerStartException when the runtime could not start the process (see {@link #start})
     * @throws dev.gantry.error.InvalidInputException when the spec has no command, names an unknown user, or is
     *         otherwise refused
     * @throws dev.gantry.error.NotFoundException when the image cannot be found, or neither runc nor crun is
     *         installed
     * @throws IOException when preparing, running or cleaning up fails
     */
    public Run run(ContainerSpec spec, OutputStream out, OutputStream err) throws IOException {
        Prepared prepared = prepare(spec, true);
        Container container = prepared.container();
        Container finished = container;
        boolean remove = spec.remove();
        try {
            int code = start(container, spec.settings(), out, err, prepared.network());
            finished = container.withStatus("exited", code);
            return new Run(finished, code);
        } catch (NetworkSetupException noNetwork) {
            remove = true; // its process never ran: nothing of it is worth keeping
            throw noNetwork;
        } finally {
            if (prepared.network() != null) {
                prepared.network().settle(); // a start that failed early must not tear down a network being made
            }
            if (remove) {
                remove(finished, true);
            }
        }
    }

    /**
     * {@link #create} + start in the background ({@code run -d}): returns once the container runs, its output
     * going to its {@code output.log} (see {@link DetachedContainers#logs}); with {@code spec.remove()} it is
     * deleted when it exits. A container that cannot be started is removed again.
     *
     * @param spec what to run; {@code -t} is refused
     * @return the container, status "running"
     * @throws ContainerStartException when the runtime could not start the process (127, 126 or 125)
     * @throws dev.gantry.error.InvalidInputException when {@code -t} is asked, or the spec is refused as by
     *         {@link #create}
     * @throws dev.gantry.error.NotFoundException when the image cannot be found, or neither runc nor crun is
     *         installed
     * @throws IOException when preparing or starting fails, or the container does not start within 30 s
     */
    public Container runDetached(ContainerSpec spec) throws IOException {
        if (spec.settings().tty()) {
            throw new InvalidInputException("-t with -d needs a console socket, which gantry does not keep; "
                    + "run in the foreground for a terminal, or use exec -t into a detached container");
        }
        Prepared prepared = prepare(spec, true);
        Container container = prepared.container();
        try {
            if (Container.OVERLAY.equals(container.rootfs())) {
                mount(container);
            }
            OciRuntime runtime = OciRuntime.detect();
            networkUp(container, prepared.network());
            Container running = container.withStatus("running", null);
            containers.save(running);
            DetachedContainers.start(runtime, running, container.dir().resolve(RUNTIME_LOG), spec.remove());
            return running;
        } catch (IOException | RuntimeException e) {
            try {
                if (prepared.network() != null) {
                    prepared.network().settle();
                }
                remove(container.withStatus("exited", null), true);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Prepares a new container: the image opened from the store (pulled or copied in when absent, for the
     * spec's platform), its layers as snapshots mounted under a fresh upper directory (or, without overlay, a
     * copied rootfs), and its {@code config.json}: the image config converted with the spec's overrides.
     * Nothing is left behind on failure.
     *
     * @param spec what to run
     * @return the container, status "created", with its rootfs mounted
     * @throws dev.gantry.error.InvalidInputException when the name is taken or invalid, the spec has no
     *         command, an env entry is not K=V, or the user is not defined in the image
     * @throws dev.gantry.error.NotFoundException when the image is neither stored nor reachable
     * @throws IOException when the image cannot be read, a layer unpacked or the rootfs mounted
     */
    public Container create(ContainerSpec spec) throws IOException {
        return prepare(spec, false).container();
    }

    /**
     * A created container and, when asked for a bridge container, its network already being made.
     *
     * @param container the container, as {@link #create} returns it
     * @param network   its network under way, or null (not asked for, or not a bridge container)
     */
    private record Prepared(Container container, BackgroundTask<ContainerNetwork.Attachment> network) {
    }

    /**
     * {@link #create}; with {@code networkEarly}, a bridge container's network is made while its rootfs is
     * stacked and its config written, for a start that follows at once ({@code run}, {@code run -d}). A
     * container created for later ({@code gantry create}) gets its network when it starts.
     */
    private Prepared prepare(ContainerSpec spec, boolean networkEarly) throws IOException {
        CopyOptions pull = new CopyOptions(false, spec.settings().platform(), null, CopyOptions.defaults().jobs(),
                CopyOptions.defaults().listener());
        try (ImageStore.Stored stored = images.openOrPull(spec.image(), remote, pull)) {
            Image image = stored.image();
            boolean overlay = this.overlay && OverlayMount.supported();
            List<String> layers = new ArrayList<>();
            for (Layer layer : image.layers()) {
                layers.add(String.valueOf(layer.diffId()));
            }
            RunSettings settings = spec.settings();
            List<String> ports = settings.ports().stream().map(PortMapping::toString).toList();
            if (settings.network() == NetworkMode.HOST && !ports.isEmpty()) {
                notices.accept("warning: published ports are discarded with --network host: the container's ports are the host's");
                ports = List.of();
            }
            Container container = containers.create(spec.name(), stored.name(), image.descriptor().digest().toString(),
                    layers, overlay ? Container.OVERLAY : Container.COPY, settings.network().flagValue(), ports);
            BackgroundTask<ContainerNetwork.Attachment> network = networkEarly && container.networkMode() == NetworkMode.BRIDGE
                    ? startNetwork(container) : null;
            try {
                Warnings warnings = new Warnings(w -> notices.accept("warning: " + w));
                if (overlay) {
                    for (Layer layer : image.layers()) {
                        snapshots.ensure(layer, warnings);
                    }
                    mount(container);
                } else {
                    String why = !this.overlay ? "overlay was turned off (--no-overlay)"
                            : "overlayfs is not available (" + (dev.gantry.runtime.apply.Privileges.isRoot()
                            ? "the kernel has no overlay support" : "not running as root") + ")";
                    notices.accept(why + ": the container gets a copied rootfs; diff-container and commit need overlay");
                    Files.createDirectories(container.rootfsDir());
                    new ImageUnpacker(ExpansionLimits.defaults(), warnings).applyInto(image, container.rootfsDir());
                }
                var imageConfig = image.config().config();
                List<String> args = ProcessOverrides.args(imageConfig, spec);
                String user = spec.user() != null ? spec.user() : imageConfig == null ? null : imageConfig.user();
                ProcessUser resolved = new UserResolver(container.rootfsDir()).resolve(user);
                String hostname = settings.network() == NetworkMode.HOST ? hostHostname() : container.shortId();
                ObjectNode config = RuntimeConfigBuilder.build(image.config(), resolved, hostname);
                networkConfig(config, container, settings.network(), hostname);
                ProcessOverrides.apply(config, args, spec);
                Path temp = container.dir().resolve(".config.json.tmp");
                Files.write(temp, Json.pretty(config).getBytes(StandardCharsets.UTF_8));
                Files.move(temp, container.dir().resolve("config.json"), StandardCopyOption.ATOMIC_MOVE);
                Container ready = container.withArgs(args);
                containers.save(ready);
                return new Prepared(ready, network);
            } catch (IOException | RuntimeException e) {
                try {
                    if (network != null) {
                        network.settle();
                    }
                    remove(container, true);
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
    }

    /**
     * Runs the container's process in the foreground, copying its stdout and stderr to {@code out} and
     * {@code err}. The overlay is unmounted when the process has exited; the upper directory stays for
     * diff-container and commit.
     *
     * @param container a created container
     * @param out       receives the process's stdout
     * @param err       receives the process's stderr, without the runtime's own failure line
     * @return the process's exit code
     * @throws ContainerStartException when the runtime could not start the process (a command not found: 127,
     *                                 not executable: 126, another runtime failure: 125), instead of returning
     *                                 the runtime's own status
     * @throws dev.gantry.error.NotFoundException when neither runc nor crun is installed
     * @throws IOException when mounting, running or recording the container fails
     */
    public int start(Container container, OutputStream out, OutputStream err) throws IOException {
        return start(container, RunSettings.defaults(), out, err);
    }

    /**
     * As {@link #start(Container, OutputStream, OutputStream)}, with {@code -i}/{@code -t} from
     * {@code settings} (with {@code -t} the runtime relays the terminal on this process's own stdio, so
     * {@code out} and {@code err} get nothing).
     *
     * @param container a created container
     * @param settings  whether stdin is passed on and a terminal allocated
     * @param out       receives the process's stdout
     * @param err       receives the process's stderr, without the runtime's own failure line
     * @return the process's exit code
     * @throws ContainerStartException when the runtime could not start the process (127, 126 or 125)
     * @throws dev.gantry.error.NotFoundException when neither runc nor crun is installed
     * @throws IOException when mounting, running or recording the container fails
     */
    public int start(Container container, RunSettings settings, OutputStream out, OutputStream err) throws IOException {
        return start(container, settings, out, err, null);
    }

    /** {@link #start(Container, RunSettings, OutputStream, OutputStream)} with the network perhaps under way. */
    private int start(Container container, RunSettings settings, OutputStream out, OutputStream err, BackgroundTask<ContainerNetwork.Attachment> network)
            throws IOException {
        if (Container.OVERLAY.equals(container.rootfs())) {
            mount(container);
        }
        OciRuntime runtime = OciRuntime.detect();
        int code;
        try {
            networkUp(container, network);
            containers.save(container.withStatus("running", null));
            Path runtimeLog = container.dir().resolve(RUNTIME_LOG);
            Process process = runtime.run(container.dir(), container.runtimeId(), runtimeLog, settings);
            // Ctrl-C or SIGTERM to gantry: runc passes the signal on; the mount goes once the process is gone.
            Thread stopOnExit = new Thread(() -> stop(process, container));
            // (stop also tears the network down: the finally below does not run when the JVM exits)
            Runtime.getRuntime().addShutdownHook(stopOnExit);
            try {
                RuntimeErrorLines errLines = new RuntimeErrorLines(err, runtime.name());
                Thread errPump = Thread.ofPlatform().name("gantry-stderr").start(() -> pump(process.getErrorStream(), errLines));
                pump(process.getInputStream(), out);
                code = process.waitFor();
                errPump.join();
                errLines.finish(code != 0 && OciRuntime.startError(runtimeLog) != null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
                throw new IOException("interrupted while container " + container.shortId() + " ran", e);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopOnExit);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running already
                }
            }
        } finally {
            if (network != null) {
                network.settle();
            }
            tearDown(container);
        }
        String startError = code == 0 ? null : OciRuntime.startError(container.dir().resolve(RUNTIME_LOG));
        if (startError != null) {
            ContainerStartException failed = ContainerStartException.fromRuntimeError(container.shortId(), startError);
            containers.save(container.withStatus("exited", failed.exitCode()));
            throw failed;
        }
        containers.save(container.withStatus("exited", code));
        return code;
    }

    /**
     * Deletes the runtime's state, unmounts and deletes everything the container had. A container whose process
     * still runs is refused unless {@code force}, which kills it.
     *
     * @param container the container to remove
     * @param force     kill a running process rather than refuse
     * @throws dev.gantry.error.InvalidInputException when the process runs and {@code force} is false
     * @throws IOException when the runtime, umount or the deletion fails; the container's directory is never
     *                     deleted through a rootfs that is still mounted
     */
    public void remove(Container container, boolean force) throws IOException {
        // `runc run` deletes its state when the process exits; only a container that did not get there has any.
        if (!"exited".equals(container.status()) && OciRuntime.available()) {
            OciRuntime runtime = OciRuntime.detect();
            String status = runtime.status(container.runtimeId());
            if ("running".equals(status) && !force) {
                throw new InvalidInputException("container " + container.shortId() + " is running; stop it, or remove it "
                        + "anyway with gantry rm -f " + container.shortId());
            }
            if (status != null) {
                runtime.delete(container.runtimeId());
            }
        }
        // Before the directory goes: the teardown script is there (a failure keeps it, so rm can be retried).
        ContainerNetwork.detach(container.dir());
        OverlayMount.unmount(container.rootfsDir());
        containers.delete(container);
    }

    /** Mounts the container's snapshots (top first) under its upper directory, unless mounted already. */
    private void mount(Container container) throws IOException {
        if (OverlayMount.isMounted(container.rootfsDir())) {
            return;
        }
        List<Path> lowers = new ArrayList<>();
        for (String diffId : container.layers()) {
            lowers.add(0, snapshots.fsOf(dev.gantry.digest.Digest.parse(diffId)));
        }
        // Like Docker's init layer: the mount points runc needs, in a lower directory of their
        // own above the image, so making them is not a change of the container's (diff, commit).
        Path init = container.dir().resolve("init");
        for (String mountPoint : INIT_DIRS) {
            Files.createDirectories(init.resolve(mountPoint));
        }
        // The network files' mount points, as Docker's init layer holds them: runc would otherwise create
        // them in the upper directory when the image lacks them, and they would be committed.
        for (String file : NetworkFiles.MOUNT_POINTS) {
            Path point = init.resolve(file.substring(1));
            Files.createDirectories(point.getParent());
            if (!Files.exists(point, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(point);
            }
        }
        lowers.add(0, init);
        Files.createDirectories(container.upperDir());
        Files.createDirectories(container.workDir());
        Files.createDirectories(container.rootfsDir());
        OverlayMount.mount(container.dir(), lowers, container.upperDir(), container.workDir(), container.rootfsDir());
    }

    private static void stop(Process process, Container container) {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                return; // still running (a PID 1 that ignores SIGTERM): its network and mount stay until gantry rm
            }
            ContainerNetwork.detach(container.dir());
            OverlayMount.unmount(container.rootfsDir());
        } catch (IOException | InterruptedException e) {
            // exiting anyway: gantry rm unmounts what is left
        }
    }

    /**
     * After the process has exited: the network torn down (its CNI DELs are a chain of processes) while the
     * overlay is unmounted; a failed teardown is a warning, since the process's result stands and {@code gantry
     * rm} can run the kept script again.
     */
    private void tearDown(Container container) throws IOException {
        BackgroundTask<Void> down = BackgroundTask.start("gantry-network-down-" + container.shortId(), () -> {
            ContainerNetwork.detach(container.dir());
            return null;
        });
        try {
            OverlayMount.unmount(container.rootfsDir());
        } finally {
            try {
                down.join();
            } catch (IOException | RuntimeException failed) {
                notices.accept("warning: container " + container.shortId() + ": " + failed.getMessage());
            }
        }
    }

    /**
     * Starts making a bridge container's network on a thread of its own, while the rootfs is stacked and the
     * runtime config written: the CNI plugins are a chain of processes, most of a {@code run}'s wall time when made
     * one after the other. Leftovers of an earlier start are torn down first; {@link ContainerNetwork#attach} undoes
     * its own half-made work when it fails. The runtime starts only once the task has the address, and nothing
     * tears the network down while it is still being made ({@link BackgroundTask#settle}), so a setup and a
     * teardown never interleave.
     */
    private BackgroundTask<ContainerNetwork.Attachment> startNetwork(Container container) {
        List<PortMapping> ports = container.ports().stream().map(PortMapping::parse).toList();
        return BackgroundTask.start("gantry-network-" + container.shortId(), () -> {
            ContainerNetwork.detach(container.dir());
            return ContainerNetwork.attach(bridge, container.id(), container.runtimeId(), ports, container.dir());
        });
    }

    /**
     * The runtime config's network part: the namespace (by path for a bridge, a new one for none, the host's
     * for host) and the bind mounts of resolv.conf, hosts and hostname, whose files are written now (a bridge
     * container's again once it has an address).
     */
    private static void networkConfig(ObjectNode config, Container container, NetworkMode mode, String hostname) throws IOException {
        switch (mode) {
            case BRIDGE -> RuntimeConfigBuilder.networkNamespace(config, "path",
                    ContainerNetwork.namespacePath(container.runtimeId()).toString());
            case HOST -> RuntimeConfigBuilder.networkNamespace(config, "host", null);
            case NONE -> RuntimeConfigBuilder.networkNamespace(config, "new", null);
        }
        Path dir = container.dir().resolve(NETWORK_DIR);
        NetworkFiles.write(dir, mode, hostname, null);
        var mounts = (com.fasterxml.jackson.databind.node.ArrayNode) config.get("mounts");
        List<String> sources = List.of(NetworkFiles.RESOLV_CONF, NetworkFiles.HOSTS, NetworkFiles.HOSTNAME);
        for (int i = 0; i < sources.size(); i++) {
            mounts.addObject().put("destination", NetworkFiles.MOUNT_POINTS.get(i)).put("type", "bind")
                    .put("source", dir.resolve(sources.get(i)).toAbsolutePath().toString())
                    .putArray("options").add("rbind").add("rprivate").add("nosuid").add("nodev").add("noexec");
        }
    }

    /**
     * A bridge container's network, made just before its runtime starts: leftovers of an earlier start torn
     * down, the namespace joined to the bridge, the hosts file written with the address. Nothing is left when
     * it fails.
     */
    private void networkUp(Container container, BackgroundTask<ContainerNetwork.Attachment> early) throws IOException {
        if (container.networkMode() != NetworkMode.BRIDGE) {
            return;
        }
        BackgroundTask<ContainerNetwork.Attachment> network = early != null ? early : startNetwork(container);
        ContainerNetwork.Attachment attachment = network.join();
        try {
            NetworkFiles.write(container.dir().resolve(NETWORK_DIR), NetworkMode.BRIDGE, container.shortId(), attachment);
        } catch (IOException | RuntimeException e) {
            try {
                ContainerNetwork.detach(container.dir());
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The host's name, which a container on the host's network takes, as with podman. */
    private static String hostHostname() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            return name.isEmpty() ? "localhost" : name;
        } catch (IOException e) {
            return "localhost";
        }
    }

    static void pump(InputStream in, OutputStream out) {
        byte[] buffer = new byte[64 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the reader went away (closed stdout); the process's exit code still counts
        }
    }
}
