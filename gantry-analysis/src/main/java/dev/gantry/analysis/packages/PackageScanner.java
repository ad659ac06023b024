package dev.gantry.analysis.packages;

import dev.gantry.analysis.Shadowing;
import dev.gantry.analysis.walk.EntryKind;
import dev.gantry.analysis.walk.EntryVisitor;
import dev.gantry.analysis.walk.ImageLayer;
import dev.gantry.analysis.walk.ImageVisitor;
import dev.gantry.analysis.walk.LayerEntry;
import dev.gantry.analysis.walk.LayerSummary;
import dev.gantry.analysis.walk.LayerWalker;
import dev.gantry.image.Image;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists OS packages layer by layer, one streaming pass each: the package databases each layer
 * writes (dpkg status, distroless status.d, apk installed) are parsed as they stream by and
 * stacked with overlay rules ({@link Shadowing}: a later layer's database replaces an earlier
 * one, whiteouts delete them). After every layer that touched a database, the visible set is
 * compared with the one before: a new package was installed by this layer, a new version
 * changed it, a missing one was removed. rpm's SQLite database is read through an {@link RpmDatabaseReader}
 * service (module {@code gantry-rpmdb}); its Berkeley DB and ndb databases, or a SQLite one without that module,
 * are reported as not read rather than silently skipped.
 *
 * <p>Language packages go the same way, each file that holds some being one more database
 * ({@link LanguagePackages}: jars and the archives nested in them, Python dist-info/egg-info
 * metadata, {@code node_modules} manifests, Go binaries' build information): a later layer that
 * deletes or replaces the file removes or changes its packages, and the versions it held become
 * superseded ones.
 */
public final class PackageScanner {
    private static final String DPKG_STATUS = "var/lib/dpkg/status";
    private static final String DPKG_STATUS_D = "var/lib/dpkg/status.d/";
    private static final String APK_INSTALLED = "lib/apk/db/installed";
    private static final List<String> OS_RELEASE = List.of("etc/os-release", "usr/lib/os-release");

    private final LayerWalker walker;

    /**
     * A scanner walking layers with {@code walker}.
     *
     * @param walker the walker, with its expansion limits
     */
    public PackageScanner(LayerWalker walker) {
        this.walker = walker;
    }

    /**
     * Lists the packages of the image's final filesystem, each with the layer that installed it and the one
     * that last changed it. Only the package databases, the files that may hold language packages (jars, Python
     * metadata, {@code package.json}, executables) and os-release files are read; every other file's content is
     * skipped.
     *
     * @param image the image; each layer is streamed once
     * @param name  names the image in the report
     * @return the packages, the distribution and notes on what could not be listed
     * @throws dev.gantry.error.DigestMismatchException when a layer's bytes do not match its digest or size
     * @throws dev.gantry.error.LimitExceededException  when a layer expands past its budget
     * @throws dev.gantry.analysis.walk.UnsafeEntryException when a layer holds an entry escaping the root
     * @throws IOException when a layer cannot be read or is not a tar
     */
    public PackageReport scan(Image image, String name) throws IOException {
        Scan scan = new Scan();
        try {
            walker.walk(image, scan);
        } finally {
            scan.rpmSqlite.close(); // copies of a layer whose walk failed midway
        }
        List<InstalledPackage> packages = new ArrayList<>(scan.present.values());
        packages.sort(Comparator.comparing(InstalledPackage::type).thenComparing(InstalledPackage::name)
                .thenComparing(p -> p.arch() == null ? "" : p.arch()).thenComparing(InstalledPackage::database));
        OsRelease os = null;
        for (String path : OS_RELEASE.reversed()) {
            for (Shadowing.Item<OsRelease> item : scan.osRelease.visible()) {
                if (item.path().equals(path)) {
                    os = item.value();
                }
            }
        }
        List<String> notes = new ArrayList<>();
        List<UnreadDatabase> unread = new ArrayList<>();
        for (Shadowing.Item<ParsedDatabase> db : scan.databases.visible()) {
            if (db.value().error() != null) {
                notes.add("package database " + db.path() + " (layer " + db.layer() + ") was not read"
                        + (db.value().records().isEmpty() ? "" : " to its end") + ": " + db.value().error());
                unread.add(new UnreadDatabase(db.path(), db.layer(), db.value().error()));
            }
        }
        return new PackageReport(name, image.descriptor().digest().toString(), os, List.copyOf(packages), notes,
                List.copyOf(unread), List.copyOf(scan.superseded));
    }

    /** A dpkg or apk database streaming by. */
    private static ParsedDatabase read(InputStream content, boolean apk) throws IOException {
        try {
            return new ParsedDatabase(apk ? ApkInstalled.parse(content) : DpkgStatus.parse(content), null);
        } catch (MalformedDatabaseException e) {
            return ParsedDatabase.unread(e.getMessage());
        }
    }

    private static final class Scan implements ImageVisitor {
        final Shadowing<ParsedDatabase> databases = new Shadowing<>();
        final List<SupersededPackage> superseded = new ArrayList<>();
        final Shadowing<OsRelease> osRelease = new Shadowing<>();
        /** This layer's rpm SQLite databases, read when it ends (their logs follow them). */
        final RpmDatabases.Staging rpmSqlite = new RpmDatabases.Staging();
        /** What the final image holds so far, by {@link PackageRecord#key()}. */
        Map<String, InstalledPackage> present = new HashMap<>();
        boolean touched;

        @Override
        public EntryVisitor startLayer(ImageLayer layer) {
            touched = false;
            int at = layer.index();
            return (LayerEntry entry, InputStream content) -> {
                Shadowing.Touch touch = Shadowing.Touch.of(entry.kind());
                touched |= !databases.touch(at, entry.path(), touch).isEmpty();
                osRelease.touch(at, entry.path(), touch);
                if (entry.kind() != EntryKind.FILE) {
                    return;
                }
                String path = entry.path();
                if (path.equals(DPKG_STATUS) || isStatusD(path)) {
                    databases.add(at, path, read(content, false));
                    touched = true;
                } else if (path.equals(APK_INSTALLED)) {
                    databases.add(at, path, read(content, true));
                    touched = true;
                } else if (OS_RELEASE.contains(path)) {
                    osRelease.add(at, path, OsRelease.parse(content));
                } else if (RpmDatabases.unreadFormat(path) != null) {
                    databases.add(at, path, ParsedDatabase.unread(RpmDatabases.unreadFormat(path)));
                    touched = true;
                } else if (RpmDatabases.SQLITE.contains(path)) {
                    rpmSqlite.add(path, content, entry.size(), false);
                    touched = true;
                } else if (RpmDatabases.walOf(path) != null) {
                    rpmSqlite.add(RpmDatabases.walOf(path), content, entry.size(), true);
                } else {
                    LanguagePackages.Found found = LanguagePackages.read(entry, content);
                    if (found != null && (!found.records().isEmpty() || found.error() != null)) {
                        databases.add(at, path, new ParsedDatabase(found.records(), found.error()));
                        touched = true;
                    }
                }
            };
        }

        @Override
        public void endLayer(ImageLayer layer, LayerSummary summary) throws IOException {
            if (!rpmSqlite.isEmpty()) {
                for (Map.Entry<String, ParsedDatabase> db : rpmSqlite.read().entrySet()) {
                    databases.add(layer.index(), db.getKey(), db.getValue());
                }
            }
            if (!touched) {
                return;
            }
            String digest = layer.layer().digest().toString();
            Map<String, InstalledPackage> next = new HashMap<>();
            Set<String> seen = new LinkedHashSet<>();
            for (Shadowing.Item<ParsedDatabase> db : databases.visible()) {
                for (PackageRecord r : db.value().records()) {
                    if (!seen.add(r.key())) {
                        continue;
                    }
                    InstalledPackage before = present.get(r.key());
                    next.put(r.key(), before == null ? InstalledPackage.introduced(r, layer.index(), digest, db.path())
                            : before.seenAgain(r, layer.index(), digest, db.path()));
                }
            }
            for (InstalledPackage before : present.values()) {
                InstalledPackage after = next.get(before.key());
                if (after == null || !after.version().equals(before.version())) {
                    superseded.add(new SupersededPackage(before, layer.index(), digest, after == null ? null : after.version()));
                }
            }
            present = next;
        }

        private static boolean isStatusD(String path) {
            return path.startsWith(DPKG_STATUS_D) && path.indexOf('/', DPKG_STATUS_D.length()) < 0
                    && !path.endsWith(".md5sums");
        }
    }
}
