package dev.gantry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real Debian packages for tests, built with {@code dpkg-deb --build} and installed into an
 * image's rootfs with {@code dpkg --root}, so the status file is the one dpkg itself writes
 * (the package listing and vulnerability scan tests share them).
 */
public final class Debs {
    private Debs() {
    }

    /** Builds {@code NAME_VERSION.deb} in {@code dir} with one file under usr/share/NAME; {@code source} may be null. */
    public static Path build(Path dir, String name, String version, String source) throws IOException {
        PeerTools.assumeInstalled("dpkg-deb");
        Path tree = dir.resolve("src-" + name + "-" + version.replace(':', '_'));
        Files.createDirectories(tree.resolve("DEBIAN"));
        Files.createDirectories(tree.resolve("usr/share/" + name));
        Files.writeString(tree.resolve("usr/share/" + name + "/README"), name + " " + version + "\n");
        Files.writeString(tree.resolve("DEBIAN/control"), "Package: " + name + "\nVersion: " + version
                + "\nArchitecture: amd64\nMaintainer: Gantry tests <tests@example.org>\n"
                + (source == null ? "" : "Source: " + source + "\n")
                + "Description: test package " + name + "\n made for Gantry's package listing tests\n");
        Path deb = dir.resolve(name + "_" + version.replace(':', '_') + ".deb");
        PeerTools.run(dir, "dpkg-deb", "--root-owner-group", "--build", tree.toString(), deb.toString());
        return deb;
    }

    /** {@code dpkg --root ROOT ARGS...}, creating dpkg's admin directory the first time. */
    public static void dpkg(Path root, String... args) throws IOException {
        PeerTools.assumeInstalled("dpkg");
        Path admin = root.resolve("var/lib/dpkg");
        Files.createDirectories(admin.resolve("info"));
        Files.createDirectories(admin.resolve("updates"));
        if (!Files.exists(admin.resolve("status"))) {
            Files.writeString(admin.resolve("status"), "");
        }
        String[] command = new String[args.length + 4];
        command[0] = "dpkg";
        command[1] = "--root=" + root;
        command[2] = "--log=/dev/null";
        command[3] = "--force-not-root";
        System.arraycopy(args, 0, command, 4, args.length);
        PeerTools.run(root, command);
    }
}
