package dev.gantry.registry.client;

import dev.gantry.registry.client.http.ServerUris;


import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code Link: <...>; rel="next"} header that paginates tag and catalog lists. */
final class LinkHeader {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private LinkHeader() {
    }

    /**
     * The next page's URI, resolved against the page that named it; a target that is no URI
     * reference (a space, a bad %-escape) is the registry's error, refused naming it.
     */
    static Optional<URI> next(Optional<String> header, URI current) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = NEXT.matcher(header.get());
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(ServerUris.resolve(current, m.group(1), "Link"));
    }
}
