package dev.gantry.ref;

import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;

import java.util.regex.Pattern;

/**
 * An image reference {@code [domain/]path[:tag][@digest]}, normalised the way Docker does:
 * a first component without '.' or ':' that is not "localhost" is part of the path and the
 * domain is docker.io; a single-component docker.io path lives under library/.
 *
 * @param domain the registry host, with its port when it has one ({@code docker.io}, {@code localhost:5000})
 * @param path   the repository inside the registry ({@code library/busybox})
 * @param tag    the tag, or null when none was written
 * @param digest the manifest digest the reference pins, or null
 */
public record Reference(String domain, String path, String tag, Digest digest) {
    /** The domain a reference without a registry host means, as Docker normalises it. */
    public static final String DOCKER_HUB = "docker.io";
    /** The tag a reference with neither tag nor digest means. */
    public static final String DEFAULT_TAG = "latest";

    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final int MAX_NAME_LENGTH = 255;
    private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");
    private static final String LIBRARY = "library/";

    /**
     * Parses and normalises ({@code busybox} becomes {@code docker.io/library/busybox}); errors say
     * which part is wrong and what is allowed.
     *
     * @param text a reference as a user writes it, e.g. {@code busybox:1.36} or {@code host:5000/app@sha256:...}
     * @return the normalised reference
     * @throws InvalidInputException                       when a part breaks Docker's grammar (uppercase path, bad tag, bare image ID)
     * @throws dev.gantry.error.UnsupportedFormatException when the digest's algorithm is not sha256 or sha512
     */
    public static Reference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidInputException("empty image reference");
        }
        if (IMAGE_ID.matcher(text).matches()) {
            // As Docker does: a bare 64-hex string is an image ID, never a repository name.
            throw new InvalidInputException("invalid image reference '" + text + "': a 64-hex-digit string is an image ID, "
                    + "not a repository name; name the image, or pin it with name@sha256:<digest>");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String tag = null;
        int lastColon = rest.lastIndexOf(':');
        if (lastColon > rest.lastIndexOf('/')) {
            tag = rest.substring(lastColon + 1);
            rest = rest.substring(0, lastColon);
            if (!TAG.matcher(tag).matches()) {
                throw new InvalidInputException("invalid tag '" + tag + "' in '" + text
                        + "': tags are up to 128 of [A-Za-z0-9_.-], not starting with '.' or '-'");
            }
        }
        String domain;
        String path;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(java.util.Locale.ROOT)))) {
            domain = first;
            path = rest.substring(slash + 1);
            if (!DOMAIN.matcher(domain).matches()) {
                throw new InvalidInputException("invalid registry host '" + domain + "' in '" + text
                        + "': expected host[:port], a host being dot-separated letters, digits and inner '-', or [IPv6], "
                        + "e.g. registry.example.com:5000");
            }
        } else {
            domain = DOCKER_HUB;
            path = rest;
        }
        if (domain.equals("index.docker.io")) {
            domain = DOCKER_HUB;
        }
        if (domain.equals(DOCKER_HUB) && !path.contains("/")) {
            path = LIBRARY + path;
        }
        for (String component : path.split("/", -1)) {
            if (!component.equals(component.toLowerCase(java.util.Locale.ROOT))) {
                throw new InvalidInputException("invalid repository name '" + path + "' in '" + text
                        + "': repository names must be lowercase (only the registry host may use capitals)");
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw new InvalidInputException("invalid repository name '" + path + "' in '" + text
                        + "': each /-separated part must be lowercase letters and digits, joined by '.', '_', '__' or '-'");
            }
        }
        if ((domain + "/" + path).length() > MAX_NAME_LENGTH) {
            throw new InvalidInputException("repository name in '" + text + "' is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return new Reference(domain, path, tag, digest);
    }

    /** {@return the full repository name, e.g. docker.io/library/busybox} */
    public String repository() {
        return domain + "/" + path;
    }

    /** {@return the tag; "latest" when neither tag nor digest was given, null when only a digest was} */
    public String tagOrDefault() {
        return tag != null ? tag : digest == null ? DEFAULT_TAG : null;
    }

    /**
     * The short form Docker prints: docker.io dropped, and library/ too when a single component
     * remains (docker.io/library/a/b stays library/a/b, as Docker keeps it). Always parses back to
     * the same repository: a docker.io path whose first part would read as a host keeps docker.io.
     *
     * @return the repository as a Docker user writes it, without tag or digest
     */
    public String familiarName() {
        if (!domain.equals(DOCKER_HUB)) {
            return repository();
        }
        // library/<64 hex> keeps its library/: alone it would read as an image ID, not a name.
        if (path.startsWith(LIBRARY) && path.indexOf('/', LIBRARY.length()) < 0
                && !IMAGE_ID.matcher(path.substring(LIBRARY.length())).matches()) {
            return path.substring(LIBRARY.length());
        }
        int slash = path.indexOf('/');
        String first = slash < 0 ? path : path.substring(0, slash);
        if (slash < 0 || first.contains(".") || first.equals("localhost")) {
            return repository();
        }
        return path;
    }

    /** {@return the fully qualified form with tag (defaulted) and digest, which parses back to this reference} */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(repository());
        String t = tagOrDefault();
        if (t != null) {
            s.append(':').append(t);
        }
        if (digest != null) {
            s.append('@').append(digest);
        }
        return s.toString();
    }

    /** {@return the familiar form with tag (and digest), as {@code docker save} writes RepoTags ("busybox:latest")} */
    public String familiarString() {
        String t = tagOrDefault();
        return familiarName() + (t != null ? ":" + t : "") + (digest != null ? "@" + digest : "");
    }

    /**
     * {@return true when {@code tag} is a valid tag: up to 128 of {@code [A-Za-z0-9_.-]}, not starting with '.' or '-'}
     *
     * @param tag the candidate, possibly null
     */
    public static boolean isValidTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }
}
