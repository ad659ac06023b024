package dev.gantry.transport;

import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.ref.Reference;
import dev.gantry.transport.layout.OciLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A parsed image location in skopeo's syntax: {@code oci:DIR[:TAG]},
 * {@code oci-archive:PATH[:TAG|@DIGEST]}, {@code docker-archive:PATH[:NAME:TAG|:@N]}, {@code dir:PATH} (one image, no selector),
 * {@code docker-daemon:NAME[:TAG]} or {@code docker-daemon:sha256:ID} (an image in the Docker daemon),
 * {@code containers-storage:[DRIVER@GRAPHROOT+RUNROOT]IMAGE} (podman's store; the selector holds everything after
 * the colon, read by the {@link ContainersStorageTransport} provider), {@code docker://REF}, a bare path (detected from
 * what is there) or a bare registry reference.
 *
 * @param kind      which transport reads and writes it
 * @param path      the directory or archive, for local kinds (null for {@link Kind#CONTAINERS_STORAGE})
 * @param selector  the tag / digest / name:tag / @N within a local store, or a daemon's image ID
 *                  ({@code sha256:HEX}); null for "the only one"; for {@link Kind#CONTAINERS_STORAGE} the whole
 *                  text after {@code containers-storage:}
 * @param reference the registry reference, for {@link Kind#REGISTRY}, or the daemon's image name, for {@link Kind#DOCKER_DAEMON}
 */
public record TransportRef(Kind kind, Path path, String selector, Reference reference) {

    /** The transports, each with the prefix that names it. */
    public enum Kind {
        /** An OCI image layout directory ({@code oci:}). */
        OCI("oci"),
        /** A tar of an OCI image layout ({@code oci-archive:}). */
        OCI_ARCHIVE("oci-archive"),
        /** A {@code docker save} tarball ({@code docker-archive:}). */
        DOCKER_ARCHIVE("docker-archive"),
        /** skopeo's one-image directory ({@code dir:}). */
        DIR("dir"),
        /** An image in the Docker daemon, through the Engine API on its unix socket ({@code docker-daemon:}). */
        DOCKER_DAEMON("docker-daemon"),
        /**
         * podman/buildah/CRI-O's local store ({@code containers-storage:}), reached through the
         * {@link ContainersStorageTransport} on the class path.
         */
        CONTAINERS_STORAGE("containers-storage"),
        /** A registry ({@code docker://}), reached through the {@link RemoteTransport} on the class path. */
        REGISTRY("docker");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /**
         * {@return the name before the colon, as skopeo writes it ({@code docker} for a registry, written {@code docker://})}
         */
        public String prefix() {
            return prefix;
        }
    }

    /**
     * Parses a location. A bare word that exists on disk is a local store whose format is detected
     * from its content (an archive is opened to look); anything else is a registry reference.
     *
     * @param text the location as the user wrote it
     * @return the parsed location
     * @throws InvalidInputException when a part is malformed (an empty path, a bad tag or reference), or a
     *                               bare path that looks local does not exist
     * @throws IOException           when a bare archive cannot be read to detect its format
     */
    public static TransportRef parse(String text) throws IOException {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("empty image location");
        }
        if (text.startsWith("docker://")) {
            return new TransportRef(Kind.REGISTRY, null, null, Reference.parse(text.substring("docker://".length())));
        }
        if (text.startsWith("docker-daemon:")) {
            return daemon(text.substring("docker-daemon:".length()), text);
        }
        if (text.startsWith("dir:")) {
            // As in containers/image: the whole rest is the path; a dir: holds one image, so nothing selects.
            String path = text.substring("dir:".length());
            if (path.isEmpty()) {
                throw new InvalidInputException("'" + text + "' names no path: use dir:PATH");
            }
            return new TransportRef(Kind.DIR, Path.of(path), null, null);
        }
        if (text.startsWith("containers-storage:")) {
            // The store spec and image name are the provider's to read: core only keeps the text.
            String rest = text.substring("containers-storage:".length());
            if (rest.isEmpty()) {
                throw new InvalidInputException("'" + text + "' names no image: use containers-storage:[DRIVER@ROOT+RUNROOT]IMAGE");
            }
            return new TransportRef(Kind.CONTAINERS_STORAGE, null, rest, null);
        }
        for (Kind kind : new Kind[] {Kind.OCI_ARCHIVE, Kind.OCI, Kind.DOCKER_ARCHIVE}) {
            String prefix = kind.prefix() + ":";
            if (text.startsWith(prefix)) {
                return local(kind, text.substring(prefix.length()), text);
            }
        }
        return bare(text);
    }

    /**
     * As skopeo: {@code NAME[:TAG]} (latest when no tag) or {@code sha256:ID}, the daemon's image ID
     * (its config's digest). A digest reference is refused: the daemon names images by tag or ID.
     */
    private static TransportRef daemon(String rest, String text) {
        if (rest.isEmpty()) {
            throw new InvalidInputException("'" + text + "' names no image: use docker-daemon:NAME:TAG or docker-daemon:sha256:ID");
        }
        if (rest.startsWith("sha256:")) {
            return new TransportRef(Kind.DOCKER_DAEMON, null, Digest.parse(rest).toString(), null);
        }
        Reference reference = Reference.parse(rest);
        if (reference.digest() != null) {
            throw new InvalidInputException("'" + text + "': the Docker daemon names images by NAME:TAG or sha256:ID (the image ID), "
                    + "not by a manifest digest");
        }
        return new TransportRef(Kind.DOCKER_DAEMON, null, null, reference);
    }

    private static TransportRef local(Kind kind, String rest, String text) {
        int at = digestAt(rest);
        if (at > 0 && kind != Kind.DOCKER_ARCHIVE) {
            // PATH@DIGEST, as for a registry: the manifest with that digest, wherever the store lists it.
            return new TransportRef(kind, Path.of(rest.substring(0, at)), Digest.parse(rest.substring(at + 1)).toString(), null);
        }
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

    /** Where "@sha256:" or "@sha512:" starts a digest selector in {@code rest}, or -1. */
    private static int digestAt(String rest) {
        int at = rest.lastIndexOf('@');
        return at > 0 && (rest.startsWith("sha256:", at + 1) || rest.startsWith("sha512:", at + 1)) ? at : -1;
    }

    /** A bare word: an existing path (with an optional :TAG or @DIGEST) is a local store; anything else a registry reference. */
    private static TransportRef bare(String text) throws IOException {
        Path whole = Path.of(text);
        if (Files.exists(whole)) {
            return detected(whole, null);
        }
        int at = digestAt(text);
        if (at > 0 && Files.exists(Path.of(text.substring(0, at)))) {
            return detected(Path.of(text.substring(0, at)), Digest.parse(text.substring(at + 1)).toString());
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

    private static TransportRef detected(Path path, String selector) throws IOException {
        return new TransportRef(LocalFormatDetector.detect(path), path, selector, null);
    }

    /**
     * Whether the image is read over the network (a registry) rather than from local files: reading
     * every layer of it means downloading it, so a command measures or walks layers only when asked.
     *
     * @return true for a registry location
     */
    public boolean isRemote() {
        return kind == Kind.REGISTRY;
    }

    /** {@return true when the selector names a manifest by digest ({@code oci:DIR@sha256:...}) rather than by tag} */
    public boolean selectsDigest() {
        return kind != Kind.DOCKER_ARCHIVE && kind != Kind.DOCKER_DAEMON && kind != Kind.CONTAINERS_STORAGE && OciLayout.isDigest(selector);
    }

    /** {@return the store itself, without what selects an image in it: {@code oci:DIR} for {@code oci:DIR:TAG}} */
    public String store() {
        if (kind == Kind.CONTAINERS_STORAGE) {
            int close = selector.startsWith("[") ? selector.indexOf(']') : -1;
            return kind.prefix() + ":" + (close > 0 ? selector.substring(0, close + 1) : "");
        }
        return kind == Kind.REGISTRY || kind == Kind.DOCKER_DAEMON ? toString() : kind.prefix() + ":" + path;
    }

    @Override
    public String toString() {
        if (kind == Kind.REGISTRY) {
            return "docker://" + reference;
        }
        if (kind == Kind.DOCKER_DAEMON) {
            return "docker-daemon:" + (reference != null ? reference.familiarString() : selector);
        }
        if (kind == Kind.CONTAINERS_STORAGE) {
            return kind.prefix() + ":" + selector;
        }
        return store() + (selector == null ? "" : (selectsDigest() ? "@" : ":") + selector);
    }
}
