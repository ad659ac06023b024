package dev.gantry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A Rocky-Linux-like image whose rpm database rpm wrote, over two layers (the rpm listing and scan tests share it). */
public final class RpmImages {
    public static final String ROCKY_OS_RELEASE = """
            NAME="Rocky Linux"
            VERSION="9.3 (Blue Onyx)"
            ID="rocky"
            ID_LIKE="rhel centos fedora"
            VERSION_ID="9.3"
            PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
            """;

    public static final String RHEL_OS_RELEASE = """
            NAME="Red Hat Enterprise Linux"
            VERSION="9.3 (Plow)"
            ID="rhel"
            ID_LIKE="fedora"
            VERSION_ID="9.3"
            PRETTY_NAME="Red Hat Enterprise Linux 9.3 (Plow)"
            CPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"
            """;

    private RpmImages() {
    }

    /**
     * Layer 0: os-release; rpm installs gantry-ssl and gantry-ssl-libs 1:3.0.7-27.el9 and gantry-tool 2.1-1.el9.
     * Layer 1: rpm upgrades gantry-ssl and gantry-ssl-libs to 1:3.0.7-28.el9, installs gantry-new 0.5-1.el9 and
     * erases gantry-tool. {@link #finalRoot} receives a copy of the last database, for rpm to query.
     */
    public static UmociImage rocky(Path dir) throws IOException {
        return withOsRelease(dir, ROCKY_OS_RELEASE);
    }

    /** The same layers as {@link #rocky} under another distribution's os-release. */
    public static UmociImage withOsRelease(Path dir, String osRelease) throws IOException {
        PeerTools.assumeInstalled("umoci");
        Path rpms = Files.createDirectories(dir.resolve("rpms"));
        List<Path> ssl27 = Rpms.build(rpms, "gantry-ssl", "1", "3.0.7", "27.el9", "gantry-ssl-libs");
        List<Path> ssl28 = Rpms.build(rpms, "gantry-ssl", "1", "3.0.7", "28.el9", "gantry-ssl-libs");
        Path tool = Rpms.build(rpms, "gantry-tool", null, "2.1", "1.el9").getFirst();
        Path added = Rpms.build(rpms, "gantry-new", null, "0.5", "1.el9").getFirst();
        return UmociImage.create(dir.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("etc"));
                    Files.writeString(root.resolve("etc/os-release"), osRelease);
                    Rpms.rpm(root, "-i", List.of(ssl27.get(0).toString(), ssl27.get(1).toString(), tool.toString()));
                })
                .layer(root -> {
                    Rpms.rpm(root, "-U", List.of(ssl28.get(0).toString(), ssl28.get(1).toString(), added.toString()));
                    Rpms.rpm(root, "-e", List.of("gantry-tool"));
                    Files.createDirectories(dir.resolve("final/var/lib/rpm"));
                    Files.copy(root.resolve(Rpms.DB_DIR + "/rpmdb.sqlite"), dir.resolve("final/var/lib/rpm/rpmdb.sqlite"));
                });
    }

    /** The rootfs holding the final layer's database, as {@link #rocky} left it. */
    public static Path finalRoot(Path dir) {
        return dir.resolve("final");
    }
}
