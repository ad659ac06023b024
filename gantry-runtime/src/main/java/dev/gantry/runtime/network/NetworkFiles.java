package dev.gantry.runtime.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files a container's name resolution reads, written into the container's own directory and bind-mounted
 * over {@code /etc/resolv.conf}, {@code /etc/hosts} and {@code /etc/hostname}, so no image layer is changed and
 * nothing of them reaches a commit or a build layer.
 *
 * <p>{@code resolv.conf}: with {@link NetworkMode#HOST} the host's as it is (its resolvers are reachable from
 * the host's namespace, loopback ones included). Otherwise the host's without loopback nameservers (127.0.0.0/8
 * and ::1 answer only inside the host's own namespace), taken from systemd-resolved's upstream list
 * ({@code /run/systemd/resolve/resolv.conf}) when the host's file points at its local stub, as podman does;
 * when no nameserver is left, Google's public resolvers 8.8.8.8 and 8.8.4.4 are written instead, as docker and
 * podman do (the bridge's gateway runs no DNS server, so naming it would only time out). {@code hosts}:
 * localhost, the container's host name on its address, and {@code host.containers.internal} (podman's name)
 * and {@code host.gantry.internal} on the gateway; with host networking the host's own file.
 */
public final class NetworkFiles {
    /** The bind source of {@code /etc/resolv.conf}, in the container's network directory. */
    public static final String RESOLV_CONF = "resolv.conf";
    /** The bind source of {@code /etc/hosts}. */
    public static final String HOSTS = "hosts";
    /** The bind source of {@code /etc/hostname}. */
    public static final String HOSTNAME = "hostname";
    /** The container paths the files are mounted at, in the order of the names above. */
    public static final List<String> MOUNT_POINTS = List.of("/etc/resolv.conf", "/etc/hosts", "/etc/hostname");
    static final List<String> FALLBACK_NAMESERVERS = List.of("8.8.8.8", "8.8.4.4");
    private static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final Path RESOLVED_UPSTREAM = Path.of("/run/systemd/resolve/resolv.conf");

    private NetworkFiles() {
    }

    /**
     * Writes the three files into {@code dir}, replacing earlier ones.
     *
     * @param dir        the container's network directory (created when missing)
     * @param mode       the container's network
     * @param hostname   the container's host name
     * @param attachment its place on the bridge, for {@link NetworkMode#BRIDGE}; null otherwise
     * @throws IOException when a file cannot be written or the host's files cannot be read
     */
    public static void write(Path dir, NetworkMode mode, String hostname, ContainerNetwork.Attachment attachment)
            throws IOException {
        Files.createDirectories(dir);
        String hostResolv = Files.isReadable(HOST_RESOLV_CONF) ? Files.readString(HOST_RESOLV_CONF) : "";
        String resolv;
        String hosts;
        if (mode == NetworkMode.HOST) {
            resolv = hostResolv;
            Path hostHosts = Path.of("/etc/hosts");
            hosts = Files.isReadable(hostHosts) ? Files.readString(hostHosts) : hosts(hostname, null, null);
        } else {
            if (onlyLoopbackNameservers(hostResolv) && Files.isReadable(RESOLVED_UPSTREAM)) {
                hostResolv = Files.readString(RESOLVED_UPSTREAM);
            }
            resolv = withoutLoopbackNameservers(hostResolv);
            hosts = attachment == null ? hosts(hostname, null, null) : hosts(hostname, attachment.address(), attachment.gateway());
        }
        replace(dir.resolve(RESOLV_CONF), resolv);
        replace(dir.resolve(HOSTS), hosts);
        replace(dir.resolve(HOSTNAME), hostname + "\n");
    }

    /** The host's resolv.conf less loopback nameservers; the public fallback when none is left. */
    static String withoutLoopbackNameservers(String hostResolv) {
        List<String> kept = new ArrayList<>();
        boolean nameserver = false;
        for (String line : hostResolv.lines().toList()) {
            String address = nameserverOf(line);
            if (address != null && isLoopback(address)) {
                continue;
            }
            nameserver |= address != null;
            kept.add(line);
        }
        if (!nameserver) {
            kept.add("# gantry: the host names no resolver a container can reach (only loopback ones, or none),");
            kept.add("# so the public fallback is used, as docker and podman do");
            FALLBACK_NAMESERVERS.forEach(ns -> kept.add("nameserver " + ns));
        }
        return String.join("\n", kept) + "\n";
    }

    static boolean onlyLoopbackNameservers(String resolv) {
        List<String> servers = resolv.lines().map(NetworkFiles::nameserverOf).filter(s -> s != null).toList();
        return !servers.isEmpty() && servers.stream().allMatch(NetworkFiles::isLoopback);
    }

    static String hosts(String hostname, String address, String gateway) {
        StringBuilder hosts = new StringBuilder()
                .append("127.0.0.1\tlocalhost\n")
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        if (address != null) {
            hosts.append(address).append('\t').append(hostname).append('\n');
        } else {
            hosts.append("127.0.1.1\t").append(hostname).append('\n');
        }
        if (gateway != null) {
            hosts.append(gateway).append("\thost.containers.internal host.gantry.internal\n");
        }
        return hosts.toString();
    }

    private static String nameserverOf(String line) {
        String[] words = line.strip().split("\\s+");
        return words.length >= 2 && words[0].toLowerCase(Locale.ROOT).equals("nameserver") ? words[1] : null;
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
    }

    private static void replace(Path file, String content) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
