package dev.gantry.cli;

import dev.gantry.runtime.network.BridgeNetwork;
import dev.gantry.runtime.network.NetworkRules;
import dev.gantry.testing.PeerTools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What container networks leave on the host, for a test to compare before and after: gantry's named network
 * namespaces ({@code ip netns}), the ports (veths) on the default bridge, the iptables rules and per-container
 * chains that name the network, its subnet or a CNI container chain ({@code iptables-save}), and the address
 * leases host-local keeps for the network. The bridge itself and the network's own NAT and FORWARD rules
 * ({@link NetworkRules}) stay, as podman's do.
 *
 * @param namespaces  {@code gantry-*} network namespaces
 * @param bridgePorts the interfaces enslaved to the bridge
 * @param rules       iptables-save lines about the network
 * @param leases      host-local's lease files (not its lock or last-reserved marker)
 */
record NetworkLeftovers(Set<String> namespaces, Set<String> bridgePorts, Set<String> rules, Set<String> leases) {
    private static final BridgeNetwork NETWORK = BridgeNetwork.defaults();
    /** Per-container chains of the bridge (ipMasq) and portmap plugins: CNI- or CNI-DN- and a hash. */
    private static final Pattern CONTAINER_CHAIN = Pattern.compile("CNI-(DN-)?[0-9a-f]{16,}");

    static NetworkLeftovers capture() {
        Set<String> namespaces = PeerTools.run(Path.of("/"), "ip", "netns", "list").stdout().lines()
                .map(line -> line.split("\\s+")[0]).filter(name -> name.startsWith("gantry-"))
                .collect(Collectors.toCollection(TreeSet::new));
        String subnetPrefix = NETWORK.subnet().substring(0, NETWORK.subnet().lastIndexOf('.') + 1);
        Set<String> rules = PeerTools.run(Path.of("/"), "iptables-save").stdout().lines()
                .filter(line -> !line.startsWith("#"))
                // The network's own NAT and FORWARD rules stay when the last container goes, as the bridge does.
                .filter(line -> !line.contains("--comment \"" + NetworkRules.commentPrefix(NETWORK) + ": "))
                .filter(line -> line.contains("name: \"" + NETWORK.name() + "\"") || line.contains(subnetPrefix)
                        || CONTAINER_CHAIN.matcher(line).find())
                .collect(Collectors.toCollection(TreeSet::new));
        return new NetworkLeftovers(namespaces, list(Path.of("/sys/class/net", NETWORK.bridge(), "brif")), rules,
                list(Path.of("/var/lib/cni/networks", NETWORK.name())).stream()
                        .filter(name -> !name.equals("lock") && !name.startsWith("last_reserved_ip"))
                        .collect(Collectors.toCollection(TreeSet::new)));
    }

    private static Set<String> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
