package dev.gantry.transport;

import dev.gantry.error.InvalidInputException;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.oci.ImageIndex;
import dev.gantry.ref.Reference;
import dev.gantry.transport.archive.DockerArchiveSource;
import dev.gantry.transport.archive.DockerArchiveTarget;
import dev.gantry.transport.daemon.DaemonSource;
import dev.gantry.transport.daemon.DaemonTarget;
import dev.gantry.transport.daemon.DockerHost;
import dev.gantry.transport.dir.DirSource;
import dev.gantry.transport.dir.DirTarget;
import dev.gantry.transport.files.DirTree;
import dev.gantry.transport.files.DirTreeWriter;
import dev.gantry.transport.files.TarTree;
import dev.gantry.transport.files.TarTreeWriter;
import dev.gantry.transport.layout.LayoutSource;
import dev.gantry.transport.layout.LayoutTarget;
import dev.gantry.transport.layout.OciLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** Opens the source or target a {@link TransportRef} names. */
public final class Transports {
    private Transports() {
    }

    /**
     * Opens a source with the default registry options.
     *
     * @param ref the location
     * @return the source; the caller closes it
     * @throws IOException when the location cannot be opened (see {@link #openSource(TransportRef, RemoteOptions)})
     */
    public static ImageSource openSource(TransportRef ref) throws IOException {
        return openSource(ref, RemoteOptions.defaults());
    }

    /**
     * Opens a source. Local stores read their index (or manifest.json) now; the reference's image is
     * resolved on first use ({@link ImageSource#root()}).
     *
     * @param ref    the location
     * @param remote how to reach a registry (ignored for local kinds)
     * @return the source; the caller closes it
     * @throws InvalidInputException      when the store is malformed, or a {@code dir:} location has a selector
     * @throws dev.gantry.transport.daemon.DaemonException when a {@code docker-daemon:} image cannot be fetched from the daemon
     * @throws UnsupportedFormatException when it is a registry and no registry client is on the class path
     * @throws IOException                when the location cannot be read
     */
    public static ImageSource openSource(TransportRef ref, RemoteOptions remote) throws IOException {
        return switch (ref.kind()) {
            case OCI -> new LayoutSource(new DirTree(ref.path()), ref.toString(), ref.store(), ref.selector());
            case OCI_ARCHIVE -> {
                TarTree tree = new TarTree(ref.path());
                try {
                    yield new LayoutSource(tree, ref.toString(), ref.store(), ref.selector());
                } catch (RuntimeException | IOException e) {
                    tree.close();
                    throw e;
                }
            }
            case DOCKER_ARCHIVE -> {
                TarTree tree = new TarTree(ref.path());
                try {
                    yield new DockerArchiveSource(tree, ref.toString(), ref.selector());
                } catch (RuntimeException | IOException e) {
                    tree.close();
                    throw e;
                }
            }
            case DIR -> new DirSource(new DirTree(noSelector(ref).path()), ref.toString());
            case DOCKER_DAEMON -> new DaemonSource(DockerHost.fromEnvironment(),
                    ref.reference() != null ? ref.reference().toString() : ref.selector(), ref.toString());
            case CONTAINERS_STORAGE -> containersStorage(ref).openSource(ref.selector(), ref.toString());
            case REGISTRY -> remoteTransport(ref).openSource(ref.reference(), remote);
        };
    }

    /**
     * Opens a target with the default registry options.
     *
     * @param ref    the location to write
     * @param format overrides the target's natural manifest format (null keeps it)
     * @return the target; the caller commits (through {@link dev.gantry.copy.ImageWriter}) and closes it
     * @throws IOException when the location cannot be opened (see {@link #openTarget(TransportRef, ManifestFormat, RemoteOptions)})
     */
    public static ImageTarget openTarget(TransportRef ref, ManifestFormat format) throws IOException {
        return openTarget(ref, format, RemoteOptions.defaults());
    }

    /**
     * Opens a target. Nothing is visible under the location's name until the target commits.
     *
     * @param ref    the location to write; it must name a tag, not a digest
     * @param format overrides the target's natural manifest format (null keeps it)
     * @param remote how to reach a registry (ignored for local kinds)
     * @return the target; the caller commits (through {@link dev.gantry.copy.ImageWriter}) and closes it
     * @throws InvalidInputException      when {@code ref} selects a digest, a {@code dir:} location has a selector, or a
     *                                    {@code docker-daemon:} location names an image ID
     * @throws UnsupportedFormatException when it is a registry and no registry client is on the class path
     * @throws IOException                when the location cannot be opened
     */
    public static ImageTarget openTarget(TransportRef ref, ManifestFormat format, RemoteOptions remote) throws IOException {
        if (ref.selectsDigest()) {
            throw new InvalidInputException(ref + " names a manifest by its digest, which a copy cannot choose; "
                    + "give the destination a tag: " + ref.store() + ":TAG");
        }
        return switch (ref.kind()) {
            case OCI -> {
                DirTree existing = new DirTree(ref.path());
                ImageIndex index = Files.isRegularFile(ref.path().resolve(OciLayout.INDEX_FILE)) ? OciLayout.readIndex(existing) : null;
                yield new LayoutTarget(new DirTreeWriter(ref.path()), ref.toString(), index, tagAnnotation(ref.selector()),
                        format != null ? format : ManifestFormat.OCI);
            }
            case OCI_ARCHIVE -> new LayoutTarget(new TarTreeWriter(ref.path()), ref.toString(), null, tagAnnotation(ref.selector()),
                    format != null ? format : ManifestFormat.OCI);
            case DOCKER_ARCHIVE -> {
                yield new DockerArchiveTarget(ref.path(), ref.selector() == null || ref.selector().startsWith("@")
                        ? null : Reference.parse(ref.selector()), format != null ? format : ManifestFormat.ANY);
            }
            case DIR -> new DirTarget(noSelector(ref).path(), ref.toString(), format != null ? format : ManifestFormat.ANY);
            case DOCKER_DAEMON -> {
                if (ref.reference() == null) {
                    throw new InvalidInputException(ref + " names an image by its ID, which a load cannot choose; "
                            + "give the destination a name: docker-daemon:NAME:TAG");
                }
                yield new DaemonTarget(DockerHost.fromEnvironment(), ref.reference(), ref.toString(),
                        format != null ? format : ManifestFormat.ANY);
            }
            case CONTAINERS_STORAGE -> containersStorage(ref).openTarget(ref.selector(), ref.toString(),
                    format != null ? format : ManifestFormat.ANY);
            case REGISTRY -> remoteTransport(ref).openTarget(ref.reference(), remote);
        };
    }

    /** {@return the registry transport on the class path, if any (gantry-registry-client provides one)} */
    public static Optional<RemoteTransport> remoteTransport() {
        return ServiceLoader.load(RemoteTransport.class, Transports.class.getClassLoader()).findFirst();
    }

    private static RemoteTransport remoteTransport(TransportRef ref) {
        return remoteTransport().orElseThrow(() -> registryUnavailable(ref));
    }

    private static ContainersStorageTransport containersStorage(TransportRef ref) {
        return ServiceLoader.load(ContainersStorageTransport.class, Transports.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new UnsupportedFormatException(ref + " is in podman's containers-storage, and this build of "
                        + "Gantry has no containers-storage transport on its class path (gantry-runtime)"));
    }

    /** A dir: holds one image: a tag or digest after a detected dir: path selects nothing, so it is refused, not ignored. */
    private static TransportRef noSelector(TransportRef ref) {
        if (ref.selector() != null) {
            throw new InvalidInputException(ref.store() + " is a dir: image, which holds one image; nothing selects inside it ('"
                    + ref.selector() + "'): name " + ref.store() + " alone");
        }
        return ref;
    }

    private static Map<String, String> tagAnnotation(String tag) {
        return tag == null ? Map.of() : Map.of(OciLayout.REF_NAME, tag);
    }

    private static UnsupportedFormatException registryUnavailable(TransportRef ref) {
        return new UnsupportedFormatException(ref + " is a registry reference, and this build of Gantry has no registry "
                + "client on its class path (gantry-registry-client); use a local store: oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:NAME:TAG], dir:DIR or docker-daemon:NAME:TAG");
    }
}
