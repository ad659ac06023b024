package dev.gantry.runtime.container;

import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Platform;
import dev.gantry.runtime.network.NetworkMode;
import dev.gantry.runtime.network.PortMapping;

import java.util.List;

/**
 * How {@code docker run} options shape a container besides its process: stdin, a terminal, a
 * read-only root, resource limits, the platform to take from a multi-platform image, the network and the
 * published ports.
 *
 * @param interactive  the container's stdin is gantry's ({@code -i}); otherwise /dev/null
 * @param tty          the process gets a terminal ({@code -t}): runc makes the pseudo-terminal and
 *                     relays it on gantry's own stdin/stdout, which should then be a terminal
 * @param readOnly     the root filesystem is mounted read-only ({@code --read-only})
 * @param memoryBytes  memory limit in bytes ({@code --memory}), or null for none
 * @param cpus         CPU limit in CPUs ({@code --cpus 1.5}), or null for none
 * @param platform     the platform to take from an index when the image is pulled, or null for this machine's
 * @param network      the container's network ({@code --network}); null means {@link NetworkMode#BRIDGE}
 * @param ports        published ports ({@code -p}); only a bridge network publishes them
 */
public record RunSettings(boolean interactive, boolean tty, boolean readOnly, Long memoryBytes, Double cpus, Platform platform,
                          NetworkMode network, List<PortMapping> ports) {
    /** The CFS period the CPU limit is expressed in, as docker uses (100 ms). */
    static final long CPU_PERIOD_MICROS = 100_000;

    /**
     * Checks the limits.
     *
     * @throws dev.gantry.error.InvalidInputException when the memory limit is under 6 MiB, {@code cpus} is
     *         not positive, or ports are published with {@code --network none}
     */
    public RunSettings {
        network = network == null ? NetworkMode.BRIDGE : network;
        ports = ports == null ? List.of() : List.copyOf(ports);
        if (network == NetworkMode.NONE && !ports.isEmpty()) {
            throw new InvalidInputException("-p publishes ports on the bridge network, and --network none has none; "
                    + "drop -p or use --network bridge");
        }
        if (memoryBytes != null && memoryBytes < 6L * 1024 * 1024) {
            throw new InvalidInputException("memory limit " + memoryBytes + " bytes is below the 6 MiB a container needs to start");
        }
        if (cpus != null && !(cpus > 0)) {
            throw new InvalidInputException("--cpus must be a positive number of CPUs, not " + cpus);
        }
    }

    /**
     * Settings on the default (bridge) network without published ports.
     *
     * @param interactive the container's stdin is gantry's ({@code -i}); otherwise /dev/null
     * @param tty         the process gets a terminal ({@code -t})
     * @param readOnly    the root filesystem is mounted read-only ({@code --read-only})
     * @param memoryBytes memory limit in bytes, or null for none
     * @param cpus        CPU limit in CPUs, or null for none
     * @param platform    the platform to take from an index when the image is pulled, or null for this machine's
     */
    public RunSettings(boolean interactive, boolean tty, boolean readOnly, Long memoryBytes, Double cpus, Platform platform) {
        this(interactive, tty, readOnly, memoryBytes, cpus, platform, NetworkMode.BRIDGE, List.of());
    }

    /**
     * Nothing beyond the image's own settings.
     *
     * @return stdin from /dev/null, no terminal, a writable root, no limits, this machine's platform, the bridge
     *         network without published ports
     */
    public static RunSettings defaults() {
        return new RunSettings(false, false, false, null, null, null);
    }

    /**
     * The same settings on another network.
     *
     * @param newNetwork the network ({@code --network})
     * @param newPorts   the published ports ({@code -p})
     * @return a copy with the network and ports changed
     * @throws dev.gantry.error.InvalidInputException when ports are published with {@code --network none}
     */
    public RunSettings withNetwork(NetworkMode newNetwork, List<PortMapping> newPorts) {
        return new RunSettings(interactive, tty, readOnly, memoryBytes, cpus, platform, newNetwork, newPorts);
    }

    /**
     * A size as docker's {@code --memory} takes it: a number with an optional b, k, m or g suffix (binary
     * units, case ignored), e.g. {@code 512m}.
     *
     * @param text the size
     * @return the size in bytes
     * @throws dev.gantry.error.InvalidInputException when the text is not such a size or overflows a long
     */
    public static long parseMemory(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        if (!t.isEmpty() && Character.isLetter(t.charAt(t.length() - 1))) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'b' -> 1;
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                default -> throw new InvalidInputException("memory '" + text + "': the unit must be b, k, m or g");
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(t), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidInputException("memory '" + text + "' is not a size such as 512m or 2g");
        }
    }
}
