package dev.gantry.registry.client.http;

import dev.gantry.error.InvalidInputException;

import java.net.URI;

/**
 * URI references a registry sends back (Location of an upload or a redirect, Link of the next
 * page), resolved against the request that got them. What a server sends is untrusted: a
 * reference that is no URI (a space, a bad %-escape) is the registry's error, named, instead of
 * an IllegalArgumentException from {@link URI#resolve(String)} with no word of where it came from.
 */
public final class ServerUris {
    private ServerUris() {
    }

    /**
     * Resolves a reference the registry sent.
     *
     * @param base      the URI of the request the response answered
     * @param reference the header's value (absolute or relative)
     * @param header    the header it came from, for the message ({@code Location}, {@code Link})
     * @return the absolute URI
     * @throws InvalidInputException when the reference is not a URI reference
     */
    public static URI resolve(URI base, String reference, String header) {
        try {
            return base.resolve(reference.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the registry's " + header + " header is not a URI ('" + reference
                    + "' in the answer to " + base + "): " + e.getMessage());
        }
    }
}
