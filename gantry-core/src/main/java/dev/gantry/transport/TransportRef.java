package dev.gantry.transport;

import dev.gantry.error.InvalidInputException;
import dev.gantry.ref.Reference;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A parsed image location in skopeo's syntax: {@code oci:DIR[:TAG]},
 * {@code oci-archive:PATH[:TAG]}, {@code docker-archive:PATH[:NAME:TAG|:@N]}, {@code dir:PATH} (one image, no selector),
 * {@code docker://REF}, a bare path (detected from what is there) or a bare registry reference.
 *
 * @param path      the directory or archive, for local kinds
 * @param selector  the tag / name:tag / @N within a local store; null for "the only one"
 * @param reference the registry reference, for {@link Kind#REGISTRY}
 */
public record TransportRef(Kind kind, Path path, String selector, Reference reference) {

    public enum Kind {
        OCI("oci"), OCI_ARCHIVE("oci-archive"), DOCKER_ARCHIVE("docker-archive"), DIR("dir"), REGISTRY("docker");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    public static TransportRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("empty image location");
        }
        if (text.startsWith("docker://")) {
            return new TransportRef(Kind.REGISTRY, null, null, Reference.parse(text.substring("docker://".length())));
        }
        if (text.startsWith("dir:")) {
            // As in containers/image: the whole rest is the path; a dir: holds one image, so nothing selects.
            String path = text.substring("dir:".length());
            if (path.isEmpty()) {
                throw new InvalidInputException("'" + text + "' names no path: use dir:PATH");
            }
            return new TransportRef(Kind.DIR, Path.of(path), null, null);
        }
        for (Kind kind : new Kind[] {Kind.OCI_ARCHIVE, Kind.OCI, Kind.DOCKER_ARCHIVE}) {
            String prefix = kind.prefix() + ":";
            if (text.startsWith(prefix)) {
                return local(kind, text.substring(prefix.length()), text);
            }
        }
        return bare(text);
    }

    private static TransportRef local(Kind kind, String rest, String text) {
        // Like skopeo: the path ends at the first ':'; what follows selects an image inside.
        int colon = rest.indexOf(':');
        String path = colon < 0 ? rest : rest.substring(0, colon);
        String selector = colon < 0 ? null : rest.substring(colon + 1);
        if (path.isEmpty()) {
            throw new InvalidInputException("'" + text + "' names no path: use " + kind.prefix() + ":PATH[:TAG]");
        }
        if (selector != null && selector.isEmpty()) {
            selector = null;
        }
        if (selector != null && kind != Kind.DOCKER_ARCHIVE && !selector.startsWith("sha")
                && !Reference.isValidTag(selector) && !selector.contains("/")) {
            throw new InvalidInputException("invalid tag '" + selector + "' in '" + text + "'");
        }
        if (selector != null && kind == Kind.DOCKER_ARCHIVE && !selector.startsWith("@")) {
            Reference.parse(selector);
        }
        return new TransportRef(kind, Path.of(path), selector, null);
    }

    /** A bare word: an existing path (with an optional :TAG) is a local store; anything else a registry reference. */
    private static TransportRef bare(String text) {
        Path whole = Path.of(text);
        if (Files.exists(whole)) {
            return detected(whole, null);
        }
        // The selector may hold colons itself (a docker-archive's NAME:TAG): try each split, longest path first.
        for (int colon = text.lastIndexOf(':'); colon > 0; colon = text.lastIndexOf(':', colon - 1)) {
            Path prefix = Path.of(text.substring(0, colon));
            String selector = text.substring(colon + 1);
            if (Files.exists(prefix) && (!selector.contains(":") || Files.isRegularFile(prefix))) {
                return detected(prefix, selector);
            }
        }
        if (text.startsWith("/") || text.startsWith("./") || text.startsWith("../")) {
            throw new InvalidInputException("'" + text + "' does not exist; to create it, say which format: oci:"
                    + text + ", oci-archive:" + text + ", docker-archive:" + text + " or dir:" + text);
        }
        return new TransportRef(Kind.REGISTRY, null, null, Reference.parse(text));
    }

    private static TransportRef detected(Path path, String selector) {
        return new TransportRef(LocalFormatDetector.detect(path), path, selector, null);
    }

    /**
     * Whether the image is read over the network (a registry) rather than from local files: reading
     * every layer of it means downloading it, so a command measures or walks layers only when asked.
     */
    public boolean isRemote() {
        return kind == Kind.REGISTRY;
    }

    @Override
    public String toString() {
        if (kind == Kind.REGISTRY) {
            return "docker://" + reference;
        }
        return kind.prefix() + ":" + path + (selector != null ? ":" + selector : "");
    }
}
