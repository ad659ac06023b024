package dev.gantry.analysis.packages;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * Maven artifacts in Java archives (jar, war, ear), read streaming as the layer goes by: every
 * {@code META-INF/maven/GROUP/ARTIFACT/pom.properties} is one artifact (a shaded jar carries one
 * per artifact it swallowed); an archive without any falls back to its manifest
 * (the file name or {@code Implementation-Title} or {@code Bundle-SymbolicName}
 * for the artifact, {@code Implementation-Vendor-Id} for the group, {@code Implementation-Version} or
 * {@code Bundle-Version}). Archives inside archives (Spring Boot's
 * {@code BOOT-INF/lib}, a war's {@code WEB-INF/lib}) are read the same way from the outer
 * archive's stream, their location joined with {@code !/}.
 *
 * <p>The bytes are attacker-controlled, so everything is capped: nesting depth
 * ({@link #MAX_DEPTH}), the bytes all nested archives of one file may inflate to (16x the
 * file's size + 64 MiB, the layer rule), the bytes of one pom.properties or manifest
 * ({@link #MAX_METADATA}). Past a cap, or at a damaged archive, reading stops and the artifacts
 * found so far are kept with the reason.
 */
final class JarPackages {
    /** Archives inside archives inside the file read at most this deep (the file itself is depth 0). */
    static final int MAX_DEPTH = 3;
    /** pom.properties and manifests are a few hundred bytes; larger ones are not read. */
    static final int MAX_METADATA = 256 * 1024;

    private JarPackages() {
    }

    static LanguagePackages.Found read(InputStream content, String path, long size) throws IOException {
        long budget = 16 * Math.max(size, 0) + 64L * 1024 * 1024;
        List<PackageRecord> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Budget inflated = new Budget(budget);
        try {
            readArchive(content, path, 0, inflated, records, problems);
        } catch (BoundedInput.TooLargeException e) {
            problems.add(e.getMessage());
        }
        return new LanguagePackages.Found(List.copyOf(records), problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** The inflated bytes nested archives of one file may still read. */
    private static final class Budget {
        long left;

        Budget(long left) {
            this.left = left;
        }
    }

    private static void readArchive(InputStream in, String location, int depth, Budget budget, List<PackageRecord> into,
                                    List<String> problems) throws IOException {
        List<PackageRecord> poms = new ArrayList<>();
        Manifest manifest = null;
        // UTF-8 names, Unicode extra fields honoured. Stored entries with a data descriptor (size unknown until
        // after the data) are refused: Commons Compress would buffer such an entry whole in memory to find its
        // end, and no jar tool writes them (stored entries carry their sizes up front).
        ZipArchiveInputStream zip = new ZipArchiveInputStream(in, StandardCharsets.UTF_8.name(), true, false);
        BoundedInput.TooLargeException stop = null;
        try {
            ZipArchiveEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName();
                String lower = name.toLowerCase(Locale.ROOT);
                if (isPomProperties(name)) {
                    PackageRecord r = pom(zip, location, name);
                    if (r != null) {
                        poms.add(r);
                    }
                } else if (name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                    manifest = manifest(zip, location);
                } else if (lower.endsWith(".jar") || lower.endsWith(".war") || lower.endsWith(".ear")) {
                    String inner = location + "!/" + name;
                    if (depth + 1 > MAX_DEPTH) {
                        problems.add(inner + ": nested deeper than " + MAX_DEPTH + " archives; not read");
                        continue;
                    }
                    BoundedInput nested = new BoundedInput(zip, budget.left, location + ": nested archives");
                    try {
                        readArchive(nested, inner, depth + 1, budget, into, problems);
                    } finally {
                        budget.left -= nested.count();
                    }
                }
            }
        } catch (BoundedInput.TooLargeException e) {
            stop = e; // what this archive named so far is kept; the outer archives stop too
        } catch (IOException | RuntimeException e) {
            // Commons Compress reports a damaged archive as IOException or IllegalArgumentException; the layer
            // stream underneath failing is an IOException too, and the walker's next read reports it again.
            problems.add(location + ": not a readable zip archive (" + e.getMessage() + ")");
        }
        if (!poms.isEmpty()) {
            into.addAll(poms);
        } else if (manifest != null) {
            PackageRecord r = fromManifest(manifest, location);
            if (r != null) {
                into.add(r);
            }
        }
        if (stop != null) {
            throw stop;
        }
    }

    private static boolean isPomProperties(String name) {
        if (!name.startsWith("META-INF/maven/") || !name.endsWith("/pom.properties")) {
            return false;
        }
        String middle = name.substring("META-INF/maven/".length(), name.length() - "/pom.properties".length());
        int slash = middle.indexOf('/');
        return slash > 0 && slash == middle.lastIndexOf('/') && slash < middle.length() - 1;
    }

    private static byte[] small(InputStream zip) throws IOException {
        byte[] bytes = zip.readNBytes(MAX_METADATA + 1);
        return bytes.length > MAX_METADATA ? null : bytes;
    }

    private static PackageRecord pom(InputStream zip, String location, String name) throws IOException {
        byte[] bytes = small(zip);
        if (bytes == null) {
            return null;
        }
        Properties p = new Properties();
        try {
            p.load(new ByteArrayInputStream(bytes));
        } catch (IllegalArgumentException e) {
            return null; // a malformed \\u escape
        }
        String group = value(p.getProperty("groupId"));
        String artifact = value(p.getProperty("artifactId"));
        String version = value(p.getProperty("version"));
        if (group == null || artifact == null || version == null) {
            return null;
        }
        return PackageRecord.language("maven", group + ":" + artifact, version, location);
    }

    private static Manifest manifest(InputStream zip, String location) throws IOException {
        byte[] bytes = small(zip);
        if (bytes == null) {
            return null;
        }
        try {
            return new Manifest(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            return null; // a manifest that does not parse names nothing
        }
    }

    /**
     * A jar without pom.properties, named by its manifest: the version from {@code Implementation-Version} (else
     * {@code Bundle-Version}); the artifact from the file name when it is {@code ARTIFACT-VERSION.jar} (the
     * Maven repository's naming, which a manifest's titles rarely match: PostgreSQL's driver says "PostgreSQL JDBC
     * Driver" and {@code org.postgresql.jdbc} for {@code org.postgresql:postgresql}), else a one-word
     * {@code Implementation-Title}, else {@code Bundle-SymbolicName}; the group from
     * {@code Implementation-Vendor-Id} when the manifest states one.
     */
    private static PackageRecord fromManifest(Manifest manifest, String location) {
        Attributes a = manifest.getMainAttributes();
        String version = value(a.getValue("Implementation-Version"));
        if (version == null) {
            version = value(a.getValue("Bundle-Version"));
        }
        if (version == null || version.contains(" ")) {
            return null;
        }
        String file = location.substring(location.lastIndexOf('/') + 1);
        String suffix = "-" + version + file.substring(Math.max(0, file.length() - 4));
        String artifact = null;
        if (file.length() > suffix.length() && file.endsWith(suffix)) {
            artifact = file.substring(0, file.length() - suffix.length());
        }
        String title = value(a.getValue("Implementation-Title"));
        if (artifact == null && title != null && !title.contains(" ")) {
            artifact = title;
        }
        String symbolic = value(a.getValue("Bundle-SymbolicName"));
        if (artifact == null && symbolic != null) {
            artifact = value(symbolic.split(";", 2)[0]);
        }
        if (artifact == null || artifact.contains(" ")) {
            return null;
        }
        String group = value(a.getValue("Implementation-Vendor-Id"));
        return PackageRecord.language("maven", group == null || group.contains(" ") ? artifact : group + ":" + artifact,
                version, location);
    }

    private static String value(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
