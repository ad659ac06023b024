package dev.gantry.registry.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed request path. Repository names contain slashes, so the name is whatever precedes
 * the resource suffix; the greedy match prefers the longest name, as distribution's router does.
 */
public record Route(Kind kind, String name, String argument) {
    public enum Kind { BASE, CATALOG, TAGS, MANIFEST, BLOB, UPLOAD, REFERRERS, HEALTH }

    private static final Pattern REPOSITORY_ROUTE = Pattern.compile(
            "/v2/(.+)/(?:(tags/list)|manifests/([^/]+)|blobs/uploads/?([^/]*)|blobs/([^/]+)|referrers/([^/]+))");

    /** The route, or null when the path is none of the API's. */
    public static Route parse(String path) {
        if (path.equals("/v2/") || path.equals("/v2")) {
            return new Route(Kind.BASE, null, null);
        }
        if (path.equals("/v2/_catalog")) {
            return new Route(Kind.CATALOG, null, null);
        }
        if (path.equals("/healthz")) {
            return new Route(Kind.HEALTH, null, null);
        }
        Matcher m = REPOSITORY_ROUTE.matcher(path);
        if (!m.matches()) {
            return null;
        }
        String name = m.group(1);
        if (m.group(2) != null) {
            return new Route(Kind.TAGS, name, null);
        }
        if (m.group(3) != null) {
            return new Route(Kind.MANIFEST, name, m.group(3));
        }
        if (m.group(4) != null) {
            return new Route(Kind.UPLOAD, name, m.group(4).isEmpty() ? null : m.group(4));
        }
        if (m.group(5) != null) {
            return new Route(Kind.BLOB, name, m.group(5));
        }
        return new Route(Kind.REFERRERS, name, m.group(6));
    }
}
