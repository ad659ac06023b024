package dev.gantry.runtime.network;

import dev.gantry.error.InvalidInputException;

import java.util.Locale;

/**
 * The network a container gets, as {@code --network} names it for rootful podman and docker.
 */
public enum NetworkMode {
    /**
     * A network namespace of its own with a veth pair on the host's bridge, an address from the bridge's
     * subnet, NAT to the outside and published ports: the default, as podman's and docker's.
     */
    BRIDGE,
    /** The host's own network namespace: no isolation, the host's addresses and ports. */
    HOST,
    /** A network namespace of its own with only a loopback device: no way out. */
    NONE;

    /**
     * The mode a {@code --network} value names: {@code bridge} (also {@code default} and {@code private},
     * docker build's and buildah's words for it), {@code host} or {@code none}; case ignored.
     *
     * @param text the value
     * @return the mode
     * @throws dev.gantry.error.InvalidInputException for any other value
     */
    public static NetworkMode parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "bridge", "default", "private" -> BRIDGE;
            case "host" -> HOST;
            case "none" -> NONE;
            default -> throw new InvalidInputException("unknown network '" + text + "': use bridge (the default), host or none");
        };
    }

    /**
     * The name {@code --network} takes for this mode.
     *
     * @return "bridge", "host" or "none"
     */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
