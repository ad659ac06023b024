package dev.gantry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runnable images made at test time by umoci from Debian's busybox-static ({@code /bin/busybox}):
 * one layout with three tags sharing one base layer.
 * <ul>
 *   <li>{@code base}: bin/busybox with sh, echo, cat, rm, ls, true, false... as symlinks to it;
 *       etc/victim.txt and etc/base.txt; Env PATH=/bin; no Entrypoint or Cmd.</li>
 *   <li>{@code app}: base + a layer adding etc/app.txt.</li>
 *   <li>{@code other}: base + a layer adding etc/other.txt.</li>
 * </ul>
 */
public final class BusyboxImages {
    public static final Path BUSYBOX = Path.of("/bin/busybox");
    public static final List<String> APPLETS = List.of("sh", "echo", "cat", "rm", "ls", "true", "false", "mkdir",
            "touch", "id", "pwd", "env", "sleep", "rmdir");

    private BusyboxImages() {
    }

    /** Skips the test (fails it, under {@link PeerRequirement#SWITCH}) unless busybox-static and umoci are installed. */
    public static void assumeAvailable() {
        PeerRequirement.require(Files.isExecutable(BUSYBOX), "needs Debian's busybox-static (/bin/busybox): apt-get install busybox-static");
        PeerTools.assumeInstalled("umoci");
    }

    /** Writes the layout at {@code dir/busybox} (work files beside it); returns its path. */
    public static Path layout(Path dir) {
        assumeAvailable();
        Path layout = dir.resolve("busybox");
        String base = layout + ":base";
        try {
            Fixtures.umoci(dir, "init", "--layout", layout.toString());
            Fixtures.umoci(dir, "new", "--image", base);
            Path bundle = dir.resolve("bundle-base");
            Fixtures.umoci(dir, "unpack", "--image", base, bundle.toString());
            Path rootfs = bundle.resolve("rootfs");
            Files.createDirectories(rootfs.resolve("bin"));
            Files.createDirectories(rootfs.resolve("etc"));
            Files.createDirectories(rootfs.resolve("tmp"));
            Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
            for (String applet : APPLETS) {
                Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
            }
            Files.writeString(rootfs.resolve("etc/victim.txt"), "deleted by a container\n");
            Files.writeString(rootfs.resolve("etc/base.txt"), "base\n");
            Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
            Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
            Fixtures.umoci(dir, "repack", "--image", base, bundle.toString());
            Fixtures.umoci(dir, "config", "--image", base, "--config.env", "PATH=/bin");
            addFile(dir, layout, "app", "etc/app.txt");
            addFile(dir, layout, "other", "etc/other.txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return layout;
    }

    /** Tag {@code tag} = base + one layer adding {@code file}. */
    private static void addFile(Path dir, Path layout, String tag, String file) throws IOException {
        Path bundle = dir.resolve("bundle-" + tag);
        Fixtures.umoci(dir, "unpack", "--image", layout + ":base", bundle.toString());
        Files.writeString(bundle.resolve("rootfs").resolve(file), tag + "\n");
        Fixtures.umoci(dir, "repack", "--image", layout + ":" + tag, bundle.toString());
    }
}
