package dev.gantry.runtime.network;

import dev.gantry.error.InvalidInputException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A published port ({@code run -p}): connections to {@code hostPort} on the host (on {@code hostIp} only, when
 * given) are forwarded to {@code containerPort} of the container's bridge address, by the CNI portmap plugin.
 *
 * @param hostIp        the host address to listen on, an IPv4 literal, or null for every address of the host
 * @param hostPort      1-65535
 * @param containerPort 1-65535
 * @param protocol      "tcp" or "udp"
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {
    private static final Pattern FORM = Pattern.compile("(?:(\\d{1,3}(?:\\.\\d{1,3}){3}):)?(\\d+):(\\d+)(?:/(tcp|udp))?");

    /**
     * Checks the ports, the address and the protocol.
     *
     * @throws dev.gantry.error.InvalidInputException when a port is outside 1-65535, the protocol is neither
     *         tcp nor udp, or the address is not an IPv4 literal
     */
    public PortMapping {
        check(hostPort, "host");
        check(containerPort, "container");
        if (!"tcp".equals(protocol) && !"udp".equals(protocol)) {
            throw new InvalidInputException("port protocol '" + protocol + "': use tcp or udp");
        }
        if (hostIp != null) {
            for (String part : hostIp.split("\\.", -1)) {
                if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255 || hostIp.split("\\.", -1).length != 4) {
                    throw new InvalidInputException("host address '" + hostIp + "' of a published port is not an IPv4 address");
                }
            }
        }
    }

    /**
     * Reads docker's {@code -p} form {@code [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]} (tcp when no protocol is
     * given).
     *
     * @param text the value of one {@code -p}
     * @return the mapping
     * @throws dev.gantry.error.InvalidInputException when the text has another form (a range, a missing host
     *         port, an IPv6 address) or a port is out of range
     */
    public static PortMapping parse(String text) {
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidInputException("published port '" + text + "': use [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp], "
                    + "e.g. 8080:80 or 127.0.0.1:8080:80 (single ports; IPv4 host addresses)");
        }
        return new PortMapping(m.group(1), number(m.group(2), text), number(m.group(3), text), m.group(4) == null ? "tcp" : m.group(4));
    }

    /**
     * The mapping in {@code -p}'s form, the protocol always written.
     *
     * @return e.g. {@code 127.0.0.1:8080:80/tcp}
     */
    @Override
    public String toString() {
        return (hostIp == null ? "" : hostIp + ":") + hostPort + ":" + containerPort + "/" + protocol;
    }

    private static int number(String digits, String text) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("published port '" + text + "': " + digits + " is not a port");
        }
    }

    private static void check(int port, String which) {
        if (port < 1 || port > 65535) {
            throw new InvalidInputException(which + " port " + port + " is outside 1-65535");
        }
    }
}
