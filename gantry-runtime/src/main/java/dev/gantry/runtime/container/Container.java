package dev.gantry.runtime.container;

import dev.gantry.error.InvalidInputException;

import java.nio.file.Path;
import java.util.List;

/**
 * A container Gantry made, as saved in {@code containers/ID/container.json}.
 *
 * @param id          64 hex characters; the first 12 name it in output, as Docker does
 * @param image       the stored image's name
 * @param imageDigest the image manifest's digest
 * @param layers      the image's diff_ids, bottom first (the snapshots it stacks)
 * @param rootfs      "overlay" (snapshots + upper dir) or "copy" (an unpacked rootfs)
 * @param args        the process's arguments
 * @param status      "created", "running" or "exited"
 * @param exitCode    the process's exit code once exited
 */
public record Container(String id, String name, String image, String imageDigest, List<String> layers, String rootfs,
                        String created, List<String> args, String status, Integer exitCode, Path dir) {
    public static final String OVERLAY = "overlay";
    public static final String COPY = "copy";

    public String shortId() {
        return id.substring(0, 12);
    }

    /** The bundle's root filesystem: the overlay mount point, or the copied tree. */
    public Path rootfsDir() {
        return dir.resolve("rootfs");
    }

    /**
     * The upper directory, where overlay recorded the container's changes apart from the image;
     * a container on a copied rootfs has none, which is refused naming the container.
     */
    public Path upperDir() {
        return dir.resolve("upper");
    }

    /** Refuses what needs the changes apart from the image (diff-container, commit) on a copied rootfs. */
    public Container requireOverlay() {
        if (!OVERLAY.equals(rootfs)) {
            throw new InvalidInputException("container " + shortId() + " runs on a copied rootfs (no overlay), "
                    + "so its changes are not recorded apart from the image; diff-container and commit need overlay (root)");
        }
        return this;
    }

    public Path workDir() {
        return dir.resolve("work");
    }

    /** The runtime's container id: unique per host, recognisably Gantry's. */
    public String runtimeId() {
        return "gantry-" + shortId();
    }

    public Container withStatus(String newStatus, Integer code) {
        return new Container(id, name, image, imageDigest, layers, rootfs, created, args, newStatus, code, dir);
    }

    /** The same container, living in {@code newDir}. */
    public Container at(Path newDir) {
        return new Container(id, name, image, imageDigest, layers, rootfs, created, args, status, exitCode, newDir);
    }

    public Container withArgs(List<String> newArgs) {
        return new Container(id, name, image, imageDigest, layers, rootfs, created, newArgs, status, exitCode, dir);
    }
}
