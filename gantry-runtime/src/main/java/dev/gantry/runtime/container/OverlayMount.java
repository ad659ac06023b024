package dev.gantry.runtime.container;

import dev.gantry.runtime.host.HostCommand;
import dev.gantry.error.LimitExceededException;
import dev.gantry.runtime.apply.Privileges;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * overlayfs mounts through the host's mount(8)/umount(8) (no JNI).
 *
 * <p>The kernel takes mount options in one page (4096 bytes), and absolute snapshot paths
 * are ~100 bytes each, so about 40 layers would fit. Like Docker's overlay2 driver, each
 * container gets short symlinks {@code l/0}, {@code l/1}... to its snapshots and mount runs
 * with the container directory as its working directory, so the option names {@code l/N}
 * (4-5 bytes per layer): a few hundred layers fit, more than overlayfs itself stacks (500).
 */
public final class OverlayMount {
    static final int PAGE = 4096;
    static final String LINKS = "l";

    private OverlayMount() {
    }

    /**
     * Whether this process may mount overlayfs: it is root, mount(8) is installed and the kernel lists overlay
     * in {@code /proc/filesystems}.
     *
     * @return true when {@link #mount} can work here
     */
    public static boolean supported() {
        if (!Privileges.isRoot() || HostCommand.find("mount") == null) {
            return false;
        }
        try {
            return Files.readString(Path.of("/proc/filesystems")).lines().anyMatch(l -> l.endsWith("\toverlay"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Mounts {@code lowers} (top first) under a fresh upper and work directory at {@code target}. The short
     * links to the lowers are made in {@code containerDir/l}, so a few hundred layers fit in the kernel's
     * one-page option string.
     *
     * @param containerDir the container's directory: holds the links and is mount's working directory
     * @param lowers       the lower directories, top first
     * @param upper        the upper directory, where changes are written
     * @param work         overlayfs's work directory, on the same file system as {@code upper}
     * @param target       the mount point, an existing directory
     * @throws dev.gantry.error.LimitExceededException when the options still exceed a page (flatten the image)
     * @throws IOException when mount fails
     */
    public static void mount(Path containerDir, List<Path> lowers, Path upper, Path work, Path target) throws IOException {
        Path links = containerDir.resolve(LINKS);
        Files.createDirectories(links);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lowers.size(); i++) {
            Path link = links.resolve(Integer.toString(i));
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, lowers.get(i).toAbsolutePath());
            names.add(LINKS + "/" + i);
        }
        String options = "lowerdir=" + String.join(":", names) + ",upperdir=" + upper.toAbsolutePath()
                + ",workdir=" + work.toAbsolutePath();
        if (options.getBytes(StandardCharsets.UTF_8).length >= PAGE) {
            throw new LimitExceededException("overlay mount options for " + lowers.size() + " layers are "
                    + options.length() + " bytes, over the kernel's " + PAGE + "-byte limit; flatten the image "
                    + "(gantry flatten) to run it");
        }
        HostCommand.check(containerDir, List.of("mount", "-t", "overlay", "overlay", "-o", options, target.toAbsolutePath().toString()));
    }

    /**
     * Unmounts {@code target} when it is a mount point; a no-op otherwise, also when another process unmounted
     * it meanwhile.
     *
     * @param target the mount point
     * @throws IOException when umount fails and the mount is still there
     */
    public static void unmount(Path target) throws IOException {
        if (isMounted(target)) {
            HostCommand.Result result = HostCommand.run(null, List.of("umount", target.toAbsolutePath().toString()));
            // Another process (the run that owns the mount, a parallel rm) may have unmounted it meanwhile.
            if (result.exitCode() != 0 && isMounted(target)) {
                throw new IOException("umount " + target + " failed (exit " + result.exitCode() + "): " + result.stderr());
            }
        }
    }

    /**
     * Whether {@code /proc/self/mountinfo} lists {@code target} as a mount point (escaped names decoded).
     *
     * @param target the path to look for; made absolute and normalised
     * @return true when something is mounted there
     * @throws IOException when mountinfo cannot be read
     */
    public static boolean isMounted(Path target) throws IOException {
        String wanted = target.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ");
            if (fields.length > 4 && unescape(fields[4]).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** mountinfo escapes space, tab, newline and backslash as \\ooo octal. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
