package dev.gantry.runtime.container;

import dev.gantry.error.InvalidInputException;

import java.nio.file.Path;
import java.util.List;

/**
 * A container Gantry made, as saved in {@code containers/ID/container.json}.
 *
 * @param id          64 hex characters; the first 12 name it in output, as Docker does
 * @param name        the name given with {@code --name}, or null for none
 * @param image       the stored image's name
 * @param imageDigest the image manifest's digest
 * @param layers      the image's diff_ids, bottom first (the snapshots it stacks)
 * @param rootfs      "overlay" (snapshots + upper dir) or "copy" (an unpacked rootfs)
 * @param created     when the container was made, as an ISO-8601 instant (containers are listed in this order)
 * @param args        the process's arguments
 * @param status      "created", "running" or "exited"
 * @param exitCode    the process's exit code once exited
 * @param network     its network: "bridge", "host" or "none" ({@link dev.gantry.runtime.network.NetworkMode}); null
 *                    in records written before containers had networks (they ran with none)
 * @param ports       its published ports in {@code -p} form, e.g. {@code 127.0.0.1:8080:80/tcp}
 * @param dir         the container's directory in the store; not saved in container.json (it is where the file
 *                    is)
 */
public record Container(String id, String name, String image, String imageDigest, List<String> layers, String rootfs,
                        String created, List<String> args, String status, Integer exitCode, String network, List<String> ports, Path dir) {
    /**
     * Normalises absent ports (records written before containers had networks) to none.
     */
    public Container {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** {@link #rootfs()} of a container on snapshots stacked by overlayfs under its own upper directory. */
    public static final String OVERLAY = "overlay";
    /** {@link #rootfs()} of a container on a copied rootfs (no overlayfs): it cannot be diffed or committed. */
    public static final String COPY = "copy";

    /**
     * The id as output shows it, as Docker does.
     *
     * @return the first 12 hex characters of {@link #id()}
     */
    public String shortId() {
        return id.substring(0, 12);
    }

    /**
     * The bundle's root filesystem: the overlay mount point, or the copied tree.
     *
     * @return {@code dir/rootfs}
     */
    public Path rootfsDir() {
        return dir.resolve("rootfs");
    }

    /**
     * The upper directory, where overlay records the container's changes apart from the image. Only an overlay
     * container has one: see {@link #requireOverlay()}.
     *
     * @return {@code dir/upper}
     */
    public Path upperDir() {
        return dir.resolve("upper");
    }

    /**
     * Refuses what needs the changes apart from the image (diff-container, commit) on a copied rootfs.
     *
     * @return this container, when it runs on overlay
     * @throws dev.gantry.error.InvalidInputException when the container runs on a copied rootfs
     */
    public Container requireOverlay() {
        if (!OVERLAY.equals(rootfs)) {
            throw new InvalidInputException("container " + shortId() + " runs on a copied rootfs (no overlay), "
                    + "so its changes are not recorded apart from the image; diff-container and commit need overlay (root)");
        }
        return this;
    }

    /**
     * overlayfs's work directory for this container, beside the upper directory (the kernel's scratch space).
     *
     * @return {@code dir/work}
     */
    public Path workDir() {
        return dir.resolve("work");
    }

    /**
     * The runtime's container id: unique per host, recognisably Gantry's.
     *
     * @return "gantry-" and the short id
     */
    public String runtimeId() {
        return "gantry-" + shortId();
    }

    /**
     * The same container in another state, for {@link Containers#save} to record.
     *
     * @param newStatus "created", "running" or "exited"
     * @param code      the exit code, or null while it has none
     * @return a copy with the new status and exit code
     */
    public Container withStatus(String newStatus, Integer code) {
        return new Container(id, name, image, imageDigest, layers, rootfs, created, args, newStatus, code, network, ports, dir);
    }

    /**
     * The same container, living in {@code newDir}.
     *
     * @param newDir the directory to record, or null to leave it out (as JSON output does)
     * @return a copy with the new directory
     */
    public Container at(Path newDir) {
        return new Container(id, name, image, imageDigest, layers, rootfs, created, args, status, exitCode, network, ports, newDir);
    }

    /**
     * The network the container joins.
     *
     * @return its mode; {@link dev.gantry.runtime.network.NetworkMode#NONE} for a record that names none
     */
    public dev.gantry.runtime.network.NetworkMode networkMode() {
        return network == null ? dev.gantry.runtime.network.NetworkMode.NONE : dev.gantry.runtime.network.NetworkMode.parse(network);
    }

    /**
     * The same container with the arguments its process was given once the overrides were applied.
     *
     * @param newArgs the process's arguments
     * @return a copy with the new arguments
     */
    public Container withArgs(List<String> newArgs) {
        return new Container(id, name, image, imageDigest, layers, rootfs, created, newArgs, status, exitCode, network, ports, dir);
    }
}
