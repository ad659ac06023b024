package dev.gantry.runtime.network;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.oci.Json;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The host's bridge network that {@link NetworkMode#BRIDGE} containers join, and where its CNI plugins are.
 * The default is CNI network {@code gantry} on bridge {@code gantry0} with subnet 10.89.0.0/24 (gateway
 * 10.89.0.1): beside podman's 10.88.0.0/16, not on it. Addresses are leased by the host-local plugin under
 * {@code /var/lib/cni/networks/NAME}, host-wide, so every store on the machine shares one network without
 * handing out an address twice.
 *
 * @param name       the CNI network name: it names the lease directory and the iptables rules' comments
 * @param bridge     the host's bridge device (created by the bridge plugin when missing)
 * @param subnet     the IPv4 subnet, CIDR
 * @param gateway    the bridge's own address in the subnet: the containers' default route
 * @param pluginDirs where the CNI plugins are looked for, in order
 */
public record BridgeNetwork(String name, String bridge, String subnet, String gateway, List<Path> pluginDirs) {
    /** Where distributions install the CNI plugins (podman's default search list). */
    public static final List<Path> DEFAULT_PLUGIN_DIRS = List.of(Path.of("/usr/local/libexec/cni"), Path.of("/usr/libexec/cni"),
            Path.of("/usr/local/lib/cni"), Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin"));
    /** The CNI spec version the configs are written in (containernetworking-plugins 1.0 and later read it). */
    static final String CNI_VERSION = "1.0.0";

    /** Copies the plugin directories. */
    public BridgeNetwork {
        pluginDirs = List.copyOf(pluginDirs);
    }

    /**
     * Gantry's network: {@code gantry} on {@code gantry0}, 10.89.0.0/24; plugins in {@code $CNI_PATH} (the
     * CNI convention, as cnitool reads it) when set, else in {@link #DEFAULT_PLUGIN_DIRS}.
     *
     * @return the default network
     */
    public static BridgeNetwork defaults() {
        return new BridgeNetwork("gantry", "gantry0", "10.89.0.0/24", "10.89.0.1", pluginDirs(System.getenv()));
    }

    /** {@code CNI_PATH}'s directories when the environment sets it, else the default list. */
    static List<Path> pluginDirs(Map<String, String> environment) {
        String cniPath = environment.getOrDefault("CNI_PATH", "").strip();
        if (cniPath.isEmpty()) {
            return DEFAULT_PLUGIN_DIRS;
        }
        List<Path> dirs = new ArrayList<>();
        for (String dir : cniPath.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                dirs.add(Path.of(dir));
            }
        }
        return dirs;
    }

    /**
     * The executable of a CNI plugin, from the first plugin directory holding it.
     *
     * @param type the plugin's name (bridge, portmap, host-local...)
     * @return its path
     * @throws NetworkSetupException when no plugin directory has it, naming the directories and the package
     */
    public Path plugin(String type) {
        for (Path dir : pluginDirs) {
            Path candidate = dir.resolve(type);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new NetworkSetupException("the CNI plugin '" + type + "' is not installed (looked in "
                + String.join(", ", pluginDirs.stream().map(Path::toString).toList())
                + "): apt-get install containernetworking-plugins, or run with --network host or --network none");
    }

    /**
     * The plugin directory {@code CNI_PATH} gives the plugins (bridge finds host-local through it).
     *
     * @return the directories, joined by ':'
     */
    String cniPath() {
        return String.join(File.pathSeparator, pluginDirs.stream().map(Path::toString).toList());
    }

    /**
     * The bridge plugin's config: the bridge as gateway, host-local leases. Its {@code ipMasq} stays off: the NAT
     * is the network's ({@link NetworkRules}), not a chain per container.
     */
    ObjectNode bridgeConfig() {
        ObjectNode conf = base("bridge");
        conf.put("bridge", bridge).put("isGateway", true).put("ipMasq", false).put("hairpinMode", true);
        ObjectNode ipam = conf.putObject("ipam");
        ipam.put("type", "host-local");
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        ipam.putArray("ranges").addArray().addObject().put("subnet", subnet).put("gateway", gateway);
        return conf;
    }

    /** The portmap plugin's config for these mappings (DNAT, and SNAT so that ports answer on 127.0.0.1). */
    ObjectNode portmapConfig(List<PortMapping> ports) {
        ObjectNode conf = base("portmap");
        conf.putObject("capabilities").put("portMappings", true);
        conf.put("snat", true);
        ArrayNode mappings = conf.putObject("runtimeConfig").putArray("portMappings");
        for (PortMapping port : ports) {
            ObjectNode m = mappings.addObject().put("hostPort", port.hostPort()).put("containerPort", port.containerPort())
                    .put("protocol", port.protocol());
            if (port.hostIp() != null) {
                m.put("hostIP", port.hostIp());
            }
        }
        return conf;
    }

    private ObjectNode base(String type) {
        ObjectNode conf = Json.mapper().createObjectNode();
        conf.put("cniVersion", CNI_VERSION).put("name", name).put("type", type);
        return conf;
    }
}
