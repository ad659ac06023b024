package dev.gantry.runtime.network;

import dev.gantry.runtime.host.HostCommand;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bridge network's own firewall rules, made once per network rather than per container, as docker and
 * netavark keep them: NAT (masquerade) for traffic from the subnet leaving it, and FORWARD accepted from the
 * bridge and for replies to it (so a host whose FORWARD policy is DROP, as docker leaves it, still lets
 * containers out). The CNI {@code bridge} plugin's {@code ipMasq} and the {@code firewall} plugin made the same
 * per container: 19 {@code iptables} processes on every start and 10 on every stop, most of a {@code run}'s
 * network time. Like the bridge device, the rules stay when the last container goes.
 *
 * <p>Each rule carries a comment naming the network and its role; {@link #ensure} reads the tables once
 * ({@code iptables-save}) and adds only what is missing, in one {@code iptables-restore --noflush}, under a
 * host-wide file lock so that two runs starting at once do not both add them.
 */
public final class NetworkRules {
    /** Where the per-network lock files live (tmpfs: gone at reboot, as the rules are). */
    private static final Path LOCK_DIR = Path.of("/run/gantry");
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    /**
     * One rule: its table, the iptables-restore line that adds it, and the comment that finds it.
     *
     * @param table   nat or filter
     * @param comment the rule's comment, unique per network and role
     * @param line    the iptables-restore line
     */
    record Rule(String table, String comment, String line) {
    }

    private NetworkRules() {
    }

    /**
     * The comment that marks this network's rules, and the prefix that finds all of them.
     *
     * @param network the network
     * @return {@code gantry network NAME}
     */
    public static String commentPrefix(BridgeNetwork network) {
        return "gantry network " + network.name();
    }

    /** The rules the network needs, in the order they are added. */
    static List<Rule> rules(BridgeNetwork network) {
        String prefix = commentPrefix(network);
        String subnet = network.subnet();
        String bridge = network.bridge();
        return List.of(
                new Rule("nat", prefix + ": masquerade",
                        "-A POSTROUTING -s " + subnet + " ! -d " + subnet + " -m comment --comment \"" + prefix
                                + ": masquerade\" -j MASQUERADE"),
                new Rule("filter", prefix + ": from the bridge",
                        "-I FORWARD -i " + bridge + " -m comment --comment \"" + prefix + ": from the bridge\" -j ACCEPT"),
                new Rule("filter", prefix + ": replies",
                        "-I FORWARD -o " + bridge + " -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment \""
                                + prefix + ": replies\" -j ACCEPT"));
    }

    /**
     * Adds whichever of the network's rules are missing.
     *
     * @param network the network
     * @throws NetworkSetupException when iptables is missing or refuses, naming the tool and its message
     * @throws IOException when the lock file cannot be made
     */
    public static void ensure(BridgeNetwork network) throws IOException {
        Path save = ContainerNetwork.tool("iptables-save", "iptables");
        Path restore = ContainerNetwork.tool("iptables-restore", "iptables");
        Files.createDirectories(LOCK_DIR);
        // The file lock keeps other processes out; a JVM holds one lock per file, so its own threads queue here.
        IN_PROCESS.lock();
        try (FileChannel channel = FileChannel.open(LOCK_DIR.resolve("network-" + network.name() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.lock(); // released when the channel closes
            HostCommand.Result tables = HostCommand.run(null, List.of(save.toString()), Map.of(), null);
            if (tables.exitCode() != 0) {
                throw new NetworkSetupException("cannot read the firewall rules: iptables-save: " + tables.stderr());
            }
            String missing = missing(rules(network), tables.stdout());
            if (missing.isEmpty()) {
                return;
            }
            HostCommand.Result added = HostCommand.run(null, List.of(restore.toString(), "--noflush"), Map.of(),
                    missing.getBytes(StandardCharsets.UTF_8));
            if (added.exitCode() != 0) {
                throw new NetworkSetupException("cannot add the network's firewall rules: iptables-restore: "
                        + (added.stderr().isEmpty() ? "exit code " + added.exitCode() : added.stderr()));
            }
        } finally {
            IN_PROCESS.unlock();
        }
    }

    /**
     * The iptables-restore input adding the rules whose comment {@code saved} (iptables-save's output) lacks;
     * empty when none is missing.
     */
    static String missing(List<Rule> rules, String saved) {
        StringBuilder input = new StringBuilder();
        for (String table : List.of("nat", "filter")) {
            List<String> lines = new ArrayList<>();
            for (Rule rule : rules) {
                if (rule.table().equals(table) && !present(saved, table, rule.comment())) {
                    lines.add(rule.line());
                }
            }
            if (!lines.isEmpty()) {
                input.append('*').append(table).append('\n');
                lines.forEach(line -> input.append(line).append('\n'));
                input.append("COMMIT\n");
            }
        }
        return input.toString();
    }

    /** Whether iptables-save's section for {@code table} has a rule with this comment. */
    private static boolean present(String saved, String table, String comment) {
        boolean inTable = false;
        for (String line : saved.split("\n")) {
            if (line.startsWith("*")) {
                inTable = line.equals("*" + table);
            } else if (inTable && line.startsWith("-A ") && line.contains("--comment \"" + comment + "\"")) {
                return true;
            }
        }
        return false;
    }
}
