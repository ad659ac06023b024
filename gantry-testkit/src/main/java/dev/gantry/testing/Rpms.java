package dev.gantry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real rpm packages for tests, built by {@code rpmbuild} from a spec written here and recorded in a package
 * database by {@code rpm --justdb} with the SQLite backend, so {@code rpmdb.sqlite} is the file rpm itself
 * writes (Debian's rpm 4.18; {@code apt-get install rpm}). No root is needed: {@code --dbpath} points into the
 * image's rootfs and {@code --justdb} writes no files.
 */
public final class Rpms {
    /** Where rpm keeps its database in Fedora 33+, RHEL 9 and their rebuilds' images. */
    public static final String DB_DIR = "var/lib/rpm";

    private Rpms() {
    }

    /**
     * Builds the rpms of one source package for x86_64: {@code NAME} (one file) and each of {@code subpackages}
     * (empty), all with {@code SOURCERPM} {@code NAME-VERSION-RELEASE.src.rpm}.
     *
     * @param epoch the Epoch tag, or null for none
     * @return the binary rpms, {@code NAME} first
     */
    public static List<Path> build(Path dir, String name, String epoch, String version, String release,
                                   String... subpackages) throws IOException {
        PeerTools.assumeInstalled("rpmbuild");
        Path top = Files.createDirectories(dir.resolve("rpmbuild-" + name + "-" + version + "-" + release));
        StringBuilder spec = new StringBuilder()
                .append("Name: ").append(name).append("\nVersion: ").append(version).append("\nRelease: ").append(release)
                .append(epoch == null ? "" : "\nEpoch: " + epoch)
                .append("\nSummary: Gantry test package\nLicense: MIT\n%description\nmade for Gantry's rpm tests\n");
        for (String sub : subpackages) {
            spec.append("%package -n ").append(sub).append("\nSummary: subpackage\n%description -n ").append(sub)
                    .append("\nsubpackage\n");
        }
        spec.append("%install\nmkdir -p %{buildroot}/usr/share/").append(name)
                .append("\necho ").append(version).append(" > %{buildroot}/usr/share/").append(name).append("/README\n")
                .append("%files\n/usr/share/").append(name).append("/README\n");
        for (String sub : subpackages) {
            spec.append("%files -n ").append(sub).append('\n');
        }
        Path specFile = Files.writeString(top.resolve(name + ".spec"), spec);
        PeerTools.run(dir, "rpmbuild", "--define", "_topdir " + top, "--define", "debug_package %{nil}",
                "--define", "_build_id_links none", "--target", "x86_64", "-bb", specFile.toString());
        List<Path> rpms = new ArrayList<>();
        for (String n : concat(name, subpackages)) {
            Path rpm = top.resolve("RPMS/x86_64/" + n + "-" + version + "-" + release + ".x86_64.rpm");
            if (!Files.isRegularFile(rpm)) {
                throw new IOException("rpmbuild made no " + rpm);
            }
            rpms.add(rpm);
        }
        return rpms;
    }

    /**
     * {@code rpm --dbpath ROOT/var/lib/rpm ARGS... --justdb --nodeps RPMS...} with the SQLite backend, e.g.
     * {@code "-i"} or {@code "-U"} or {@code "-e"} (with package names as {@code rpms}).
     */
    public static void rpm(Path root, String action, List<String> rpms) throws IOException {
        PeerTools.assumeInstalled("rpm");
        Path db = Files.createDirectories(root.resolve(DB_DIR));
        List<String> command = new ArrayList<>(List.of("rpm", "--dbpath", db.toString(), "--define", "_db_backend sqlite",
                action, "--justdb", "--nodeps"));
        command.addAll(rpms);
        PeerTools.run(root, command.toArray(String[]::new));
    }

    /** What {@code rpm -qa --queryformat FORMAT} prints for the database under {@code root}, one line a package, sorted. */
    public static List<String> query(Path root, String format) {
        PeerTools.assumeInstalled("rpm");
        String out = PeerTools.stdout(root, "rpm", "--dbpath", root.resolve(DB_DIR).toString(), "-qa", "--queryformat",
                format + "\\n");
        return out.lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    /** rpm's own version comparison ({@code rpm.vercmp} from rpm's Lua): negative, 0 or positive. */
    public static int vercmp(String a, String b) {
        PeerTools.assumeInstalled("rpm");
        String out = PeerTools.stdout(null, "rpm", "--eval", "%{lua: print(rpm.vercmp(\"" + a + "\", \"" + b + "\"))}");
        return Integer.parseInt(out.strip());
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }
}
