package dev.gantry.runtime.network;

import dev.gantry.runtime.host.BackgroundTask;
import dev.gantry.runtime.host.HostCommand;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.oci.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link NetworkMode#BRIDGE} container's network, made the way rootful podman made it with CNI: a named
 * network namespace ({@code ip netns add}, so it exists before the runtime starts and is given to it by path),
 * its loopback brought up, then the real CNI plugins run with {@code CNI_COMMAND=ADD}: {@code bridge} (a veth
 * pair from the namespace's {@code eth0} to the host's bridge, an address leased by {@code host-local}) and, for
 * published ports, {@code portmap}. NAT and FORWARD acceptance are the network's, not each container's
 * ({@link NetworkRules}, made when missing).
 *
 * <p>The teardown is written when the network is made, as a shell script in the container's directory
 * ({@value #DOWN_SCRIPT}): {@code CNI_COMMAND=DEL} for each plugin in reverse order, given the same config and
 * the ADD's result, then the namespace deleted. One script serves every way a container ends: a foreground run,
 * a failed start, {@code gantry rm}, and the detached shim after {@code runc} returns, when gantry itself is
 * long gone. Whoever renames it to {@value #RUNNING} first runs it; the others wait for that run to end. The
 * script holds the plugins' input in here-documents, so it runs even while its directory is being deleted.
 */
public final class ContainerNetwork {
    /** The teardown script, in the container's directory, while the network exists. */
    public static final String DOWN_SCRIPT = "network-down.sh";
    /** The teardown script once claimed: present while a teardown runs. */
    public static final String RUNNING = "network-down.running";
    /** Where {@code ip netns add} puts named namespaces. */
    private static final Path NETNS_DIR = Path.of("/run/netns");
    private static final String IFNAME = "eth0";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * A container's place on the bridge.
     *
     * @param address   its IPv4 address
     * @param gateway   the bridge's address: its default route
     * @param namespace the network namespace's path, for the runtime config
     */
    public record Attachment(String address, String gateway, Path namespace) {
    }

    private ContainerNetwork() {
    }

    /**
     * The path of the named network namespace a bridge container runs in.
     *
     * @param namespaceName the namespace's name (the container's runtime id)
     * @return {@code /run/netns/NAME}
     */
    public static Path namespacePath(String namespaceName) {
        return NETNS_DIR.resolve(namespaceName);
    }

    /**
     * Creates the namespace and runs the plugins' ADD. On failure everything made so far is torn down before
     * the exception is thrown.
     *
     * @param network       the bridge network to join
     * @param containerId   the container's id, as the plugins record it ({@code CNI_CONTAINERID})
     * @param namespaceName the name for {@code ip netns add}
     * @param ports         published ports (none: portmap is not run)
     * @param stateDir      the container's directory: the teardown script goes there
     * @return the container's address and gateway
     * @throws NetworkSetupException when {@code ip} or a plugin is missing or fails, naming which and why
     * @throws IOException when the script cannot be written
     */
    public static Attachment attach(BridgeNetwork network, String containerId, String namespaceName, List<PortMapping> ports,
                                    Path stateDir) throws IOException {
        Path ip = tool("ip", "iproute2");
        List<String> plugins = new ArrayList<>(List.of("bridge"));
        if (!ports.isEmpty()) {
            plugins.add("portmap");
        }
        List<Path> executables = new ArrayList<>();
        for (String plugin : plugins) {
            executables.add(network.plugin(plugin)); // all found before anything is made
        }
        network.plugin("host-local");
        // The network's firewall rules are independent of this container's namespace: checked (and made when
        // missing) while the namespace and the bridge's veth are made, each a chain of processes of its own.
        BackgroundTask<Void> rules = BackgroundTask.start("gantry-network-rules", () -> {
            NetworkRules.ensure(network);
            return null;
        });
        Path namespace = namespacePath(namespaceName);
        List<ObjectNode> configs = new ArrayList<>();
        JsonNode result = null;
        try {
            // The teardown is kept current before each step, so even a gantry killed half-way leaves the
            // means to undo what it made (gantry rm runs it); it deletes the namespace only if it exists.
            writeScript(stateDir, network, containerId, namespaceName, ip, plugins, executables, configs, null);
            HostCommand.Result created = HostCommand.run(null, List.of(ip.toString(), "netns", "add", namespaceName), Map.of(), null);
            if (created.exitCode() != 0) {
                throw new NetworkSetupException("cannot create network namespace " + namespaceName + ": " + created.stderr());
            }
            // The runtime does not bring the loopback up; podman's network setup does, and so does this.
            HostCommand.Result lo = HostCommand.run(null, List.of(ip.toString(), "-n", namespaceName, "link", "set", "lo", "up"), Map.of(), null);
            if (lo.exitCode() != 0) {
                throw new NetworkSetupException("cannot bring up loopback in network namespace " + namespaceName + ": " + lo.stderr());
            }
            for (int i = 0; i < plugins.size(); i++) {
                ObjectNode config = switch (plugins.get(i)) {
                    case "bridge" -> network.bridgeConfig();
                    default -> network.portmapConfig(ports);
                };
                configs.add(config);
                writeScript(stateDir, network, containerId, namespaceName, ip, plugins, executables, configs, result);
                ObjectNode input = config.deepCopy();
                if (result != null) {
                    input.set("prevResult", result);
                }
                HostCommand.Result add = HostCommand.run(null, List.of(executables.get(i).toString()),
                        environment("ADD", containerId, namespace, network), Json.write(input));
                if (add.exitCode() != 0) {
                    throw new NetworkSetupException("network setup failed: CNI plugin " + plugins.get(i) + ": " + cniError(add));
                }
                result = Json.tree(add.stdout().getBytes(StandardCharsets.UTF_8), "CNI plugin " + plugins.get(i) + " result");
            }
            Attachment attachment = attachment(result, namespace);
            writeScript(stateDir, network, containerId, namespaceName, ip, plugins, executables, configs, result);
            rules.join(); // iptables missing or refusing: its one line
            return attachment;
        } catch (IOException | RuntimeException e) {
            try {
                rules.settle(); // no iptables process outlives a failed setup
                detach(stateDir);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Tears the network down by the script {@link #attach} wrote, unless it has been run already; when another
     * process is running it, waits for it to finish, and after 60 s runs it again itself (its runner may have
     * been killed; CNI's DEL may be repeated). Nothing to tear down is fine.
     *
     * @param stateDir the container's directory
     * @throws IOException when the teardown fails (its stderr in the message)
     */
    public static void detach(Path stateDir) throws IOException {
        Path script = stateDir.resolve(DOWN_SCRIPT);
        Path running = stateDir.resolve(RUNNING);
        try {
            Files.move(script, running, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException notOurs) {
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (Files.exists(running) && Instant.now().isBefore(deadline)) {
                sleep();
            }
            if (Files.exists(running)) {
                // Its runner died half-way (a killed shim): take the script over. DEL is idempotent.
                try {
                    Files.move(running, script, StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException endedJustNow) {
                    return;
                }
                detach(stateDir);
            }
            return;
        }
        HostCommand.Result down = HostCommand.run(null, List.of("sh", running.toString()), Map.of(), null);
        Files.deleteIfExists(running);
        if (down.exitCode() != 0) {
            throw new IOException("network teardown failed: " + down.stderr());
        }
    }

    /**
     * The shell lines the detached shim runs after the runtime has returned: claim the teardown script and run
     * it, as {@link #detach} does.
     *
     * @param stateDirVariable a shell expression for the container's directory, e.g. {@code "$3"}
     * @return the lines
     */
    public static String shimTeardown(String stateDirVariable) {
        return "if mv " + stateDirVariable + "/" + DOWN_SCRIPT + " " + stateDirVariable + "/" + RUNNING + " 2>/dev/null; then\n"
                + "    sh " + stateDirVariable + "/" + RUNNING + " >/dev/null 2>&1\n"
                + "fi\n";
    }

    /**
     * A network tool's executable.
     *
     * @param name    the tool
     * @param aptName the Debian package that has it, for the message when it is missing
     * @return its path
     * @throws NetworkSetupException when it is not installed
     */
    static Path tool(String name, String aptName) {
        Path found = HostCommand.find(name);
        if (found == null) {
            throw new NetworkSetupException("'" + name + "' is not installed, and the bridge network needs it "
                    + "(apt-get install " + aptName + "), or run with --network host or --network none");
        }
        return found;
    }

    private static Attachment attachment(JsonNode result, Path namespace) {
        for (JsonNode ip : result.path("ips")) {
            String address = ip.path("address").asText("");
            if (address.contains(".") && address.contains("/")) {
                return new Attachment(address.substring(0, address.indexOf('/')), ip.path("gateway").asText(null), namespace);
            }
        }
        throw new NetworkSetupException("network setup failed: the bridge plugin gave the container no IPv4 address");
    }

    /** The CNI error's msg and details (the spec's error JSON on stdout), else the plugin's stderr. */
    private static String cniError(HostCommand.Result failed) {
        try {
            JsonNode error = Json.tree(failed.stdout().getBytes(StandardCharsets.UTF_8), "CNI error");
            String msg = error.path("msg").asText("");
            String details = error.path("details").asText("");
            if (!msg.isEmpty()) {
                return details.isEmpty() ? msg : msg + ": " + details;
            }
        } catch (RuntimeException notJson) {
            // fall through to stderr
        }
        String stderr = failed.stderr().isBlank() ? failed.stdout().strip() : failed.stderr();
        return stderr.isEmpty() ? "exit code " + failed.exitCode() : stderr;
    }

    private static Map<String, String> environment(String command, String containerId, Path namespace, BridgeNetwork network) {
        return Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", containerId, "CNI_NETNS", namespace.toString(),
                "CNI_IFNAME", IFNAME, "CNI_PATH", network.cniPath());
    }

    /** DEL for each plugin that ran (reverse order) with the ADD's last result, then the namespace deleted. */
    private static void writeScript(Path stateDir, BridgeNetwork network, String containerId, String namespaceName, Path ip,
                                    List<String> plugins, List<Path> executables, List<ObjectNode> configs, JsonNode result)
            throws IOException {
        StringBuilder script = new StringBuilder();
        script.append("# gantry: tears down the network of container ").append(containerId).append('\n')
                .append("# (CNI DEL for each plugin in reverse order, then its network namespace); run once, by whoever\n")
                .append("# renames it to ").append(RUNNING).append(" first.\n")
                .append("PATH=\"$PATH:/usr/local/sbin:/usr/sbin:/sbin\"; export PATH\nrc=0\n");
        for (int i = configs.size() - 1; i >= 0; i--) {
            ObjectNode input = configs.get(i).deepCopy();
            if (result != null) {
                input.set("prevResult", result);
            }
            String json = new String(Json.write(input), StandardCharsets.UTF_8);
            script.append("CNI_COMMAND=DEL CNI_CONTAINERID=").append(quote(containerId))
                    .append(" CNI_NETNS=").append(quote(namespacePath(namespaceName).toString()))
                    .append(" CNI_IFNAME=").append(IFNAME)
                    .append(" CNI_PATH=").append(quote(network.cniPath()))
                    .append(' ').append(quote(executables.get(i).toString()))
                    .append(" >/dev/null <<'GANTRY_CNI_CONFIG' || { echo \"CNI plugin ").append(plugins.get(i))
                    .append(" failed to tear down\" >&2; rc=1; }\n")
                    .append(json).append("\nGANTRY_CNI_CONFIG\n");
        }
        script.append("if [ -e ").append(quote(namespacePath(namespaceName).toString())).append(" ]; then ")
                .append(quote(ip.toString())).append(" netns delete ").append(quote(namespaceName)).append(" || rc=1; fi\n")
                .append("rm -f \"$0\"\nexit $rc\n");
        Path temp = stateDir.resolve("." + DOWN_SCRIPT + ".tmp");
        Files.writeString(temp, script.toString());
        Files.move(temp, stateDir.resolve(DOWN_SCRIPT), StandardCopyOption.ATOMIC_MOVE);
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a network teardown", e);
        }
    }
}
