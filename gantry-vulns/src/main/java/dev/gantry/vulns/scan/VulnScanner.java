package dev.gantry.vulns.scan;

import dev.gantry.analysis.packages.CycloneDx;
import dev.gantry.analysis.packages.InstalledPackage;
import dev.gantry.analysis.packages.OsRelease;
import dev.gantry.analysis.packages.PackageReport;
import dev.gantry.analysis.packages.PackageScanner;
import dev.gantry.analysis.packages.SupersededPackage;
import dev.gantry.analysis.walk.ImageLayer;
import dev.gantry.analysis.walk.LayerWalker;
import dev.gantry.image.Image;
import dev.gantry.vulns.db.AdvisoryDb;
import dev.gantry.vulns.db.Advisory;
import dev.gantry.vulns.db.AffectedCheck;
import dev.gantry.vulns.db.Status;
import dev.gantry.vulns.version.VersionOrder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Matches an image's OS packages, and its language packages (Maven, PyPI, npm, Go, crates.io, each
 * in its ecosystem's version order), against the advisory database. The packages, and the layer that
 * installed each version, come from one {@link PackageScanner} pass; each package is looked up by
 * the name its distribution's advisories use (Debian and Alpine advisories name source packages:
 * dpkg's {@code Source:}, apk's origin) and compared with the version those advisories use (dpkg's
 * source version when it states one, as after a binNMU), in the distribution's version order.
 * rpm distributions' advisories name binary packages (AlmaLinux's and Rocky's OSV) or source ones
 * (Red Hat's), so an rpm is looked up under both its name and its {@code SOURCERPM}'s, and compared by
 * its own {@code [EPOCH:]VERSION-RELEASE}: the source rpm's file name carries no epoch.
 */
public final class VulnScanner {
    /** Debian's numbered releases by codename, for images whose os-release has no VERSION_ID (testing, sid). */
    private static final Map<String, String> DEBIAN = Map.of("buster", "10", "bullseye", "11", "bookworm", "12",
            "trixie", "13", "forky", "14", "duke", "15");

    /** OSV's ecosystem for each language package type. */
    static final Map<String, String> LANGUAGE_ECOSYSTEMS = Map.of("maven", "Maven", "pypi", "PyPI", "npm", "npm",
            "golang", "Go", "cargo", "crates.io");

    private final LayerWalker walker;

    /**
     * A scanner walking layers with {@code walker}.
     *
     * @param walker the walker, with its expansion limits
     */
    public VulnScanner(LayerWalker walker) {
        this.walker = walker;
    }

    /**
     * Scans one image.
     *
     * @param image      the image; each layer is streamed once
     * @param name       names the image in the report
     * @param db         the advisory database
     * @param withLayers whether versions later layers replaced are matched too ({@code --layers})
     * @return the findings, sorted by layer, package and id
     * @throws IOException when a layer or the database cannot be read
     */
    public VulnReport scan(Image image, String name, AdvisoryDb db, boolean withLayers) throws IOException {
        PackageReport packages = new PackageScanner(walker).scan(image, name);
        List<ImageLayer> layers = ImageLayer.of(image);
        List<String> notes = new ArrayList<>();
        OsRelease os = packages.os();
        List<String> ecosystems = ecosystems(os);
        String type = os == null || os.id() == null ? null : switch (os.id()) {
            case "debian", "ubuntu" -> "deb";
            case "alpine", "wolfi", "chainguard" -> "apk";
            case "rocky", "almalinux", "rhel", "centos", "fedora" -> "rpm";
            default -> null;
        };
        if (ecosystems.isEmpty() && packages.packages().stream().anyMatch(p -> !p.language())) {
            notes.add("distribution " + (os == null ? "unknown (no os-release)" : os.id() + " " + os.versionId())
                    + ": its packages were not matched against advisories");
        }
        Matcher matcher = new Matcher(db, os, ecosystems, ecosystems.isEmpty() ? null : VersionOrder.forEcosystem(ecosystems.getFirst()));
        List<Finding> findings = new ArrayList<>();
        int matched = 0;
        Map<String, Matcher> languages = new HashMap<>();
        for (InstalledPackage p : packages.packages()) {
            if (p.language()) {
                Matcher m = languageMatcher(languages, db, p);
                if (m != null) {
                    matched++;
                    findings.addAll(m.match(p, layers, true, null, null));
                }
                continue;
            }
            if (matcher.order == null || !p.type().equals(type)) {
                continue;
            }
            matched++;
            findings.addAll(matcher.match(p, layers, true, null, null));
        }
        if (withLayers) {
            for (SupersededPackage s : packages.superseded()) {
                Matcher m = s.pkg().language() ? languageMatcher(languages, db, s.pkg()) : null;
                if (m != null) {
                    findings.addAll(m.match(s.pkg(), layers, false, s.replacedLayer(), s.replacement()));
                } else if (matcher.order != null && !s.pkg().language() && s.pkg().type().equals(type)) {
                    findings.addAll(matcher.match(s.pkg(), layers, false, s.replacedLayer(), s.replacement()));
                }
            }
        }
        findings.sort(Comparator.comparingInt(Finding::layer).thenComparing(Finding::pkg)
                .thenComparing(f -> !f.inFinalImage()).thenComparing(Finding::id));
        notes.addAll(packages.notes());
        List<String> all = new ArrayList<>(ecosystems);
        languages.keySet().stream().map(LANGUAGE_ECOSYSTEMS::get).sorted().forEach(all::add);
        return new VulnReport(name, packages.imageDigest(), os == null ? null : os.prettyName(), List.copyOf(all), matched,
                db.info(), List.copyOf(findings), packages.unread(), List.copyOf(notes), packages);
    }

    /**
     * The matcher for a language package's ecosystem (OSV's names: Maven, PyPI, npm, Go, crates.io), made on first
     * use; null when the package cannot be matched: a Go main module built from a work tree has version
     * {@code (devel)}, which no advisory range can place.
     */
    private static Matcher languageMatcher(Map<String, Matcher> made, AdvisoryDb db, InstalledPackage p) {
        String ecosystem = LANGUAGE_ECOSYSTEMS.get(p.type());
        if (ecosystem == null || p.version().isEmpty() || p.version().startsWith("(")) {
            return null;
        }
        return made.computeIfAbsent(p.type(), t -> new Matcher(db, null, List.of(ecosystem),
                VersionOrder.forEcosystem(ecosystem)));
    }

    /** The advisory ecosystems of a distribution, most specific first. */
    static List<String> ecosystems(OsRelease os) {
        if (os == null || os.id() == null) {
            return List.of();
        }
        String v = os.versionId();
        return switch (os.id().toLowerCase(Locale.ROOT)) {
            case "debian" -> {
                String release = v != null ? v.split("\\.")[0]
                        : os.versionCodename() != null ? DEBIAN.getOrDefault(os.versionCodename(), os.versionCodename()) : null;
                yield release == null ? List.of("Debian") : List.of("Debian:" + release, "Debian");
            }
            case "ubuntu" -> v == null ? List.of("Ubuntu") : List.of("Ubuntu:" + v, "Ubuntu:" + v + ":LTS", "Ubuntu");
            case "alpine" -> {
                String[] parts = v == null ? new String[0] : v.split("\\.");
                yield parts.length >= 2 ? List.of("Alpine:v" + parts[0] + "." + parts[1], "Alpine") : List.of("Alpine");
            }
            // OSV's names for the RHEL rebuilds' advisories (RLSA, ALSA) name the major release: "Rocky Linux:9"
            case "rocky" -> rpmEcosystems("Rocky Linux", v);
            case "almalinux" -> rpmEcosystems("AlmaLinux", v);
            // Red Hat's CSAF VEX files, imported per major release; CentOS Stream builds what RHEL will ship
            case "rhel", "centos" -> rpmEcosystems("Red Hat", v);
            default -> List.of();
        };
    }

    private static List<String> rpmEcosystems(String name, String versionId) {
        String major = versionId == null ? null : versionId.split("\\.")[0];
        return major == null || major.isEmpty() ? List.of(name) : List.of(name + ":" + major, name);
    }

    /** Looks up and evaluates advisories, remembering each source package's advisories once. */
    private static final class Matcher {
        final AdvisoryDb db;
        final OsRelease os;
        final List<String> ecosystems;
        final VersionOrder order;
        final Map<String, List<Advisory>> cache = new HashMap<>();

        Matcher(AdvisoryDb db, OsRelease os, List<String> ecosystems, VersionOrder order) {
            this.db = db;
            this.os = os;
            this.ecosystems = ecosystems;
            this.order = order;
        }

        List<Advisory> advisories(String pkg) throws IOException {
            List<Advisory> known = cache.get(pkg);
            if (known == null) {
                known = new ArrayList<>();
                for (String eco : ecosystems) {
                    known.addAll(db.lookup(eco, pkg));
                }
                cache.put(pkg, known);
            }
            return known;
        }

        List<Finding> match(InstalledPackage p, List<ImageLayer> layers, boolean inFinal, Integer replacedLayer,
                            String replacedBy) throws IOException {
            boolean rpm = p.type().equals("rpm");
            List<Advisory> candidates = new ArrayList<>();
            if (rpm) {
                // the same advisory under both names is one finding: merged by id below
                candidates.addAll(advisories(p.name()));
                if (p.source() != null) {
                    candidates.addAll(advisories(p.source()));
                }
            } else {
                candidates.addAll(advisories(p.source() != null ? p.source() : p.name()));
            }
            String version = p.sourceVersion() != null && !rpm ? p.sourceVersion() : p.version();
            int layer = p.changedLayer();
            String createdBy = layer < layers.size() ? layers.get(layer).createdBy() : null;
            String purl = CycloneDx.purl(p, os);
            Map<String, Finding> byId = new java.util.LinkedHashMap<>();
            Map<String, String> keyOf = new HashMap<>();
            for (Advisory a : candidates) {
                Status status = a.status();
                String fixed = null;
                if (status != Status.NOT_AFFECTED && status != Status.UNDETERMINED) {
                    AffectedCheck.Result r = AffectedCheck.check(a, version, order);
                    if (!r.affected()) {
                        continue;
                    }
                    fixed = r.fixed();
                }
                Set<String> ids = new LinkedHashSet<>();
                ids.add(a.id());
                ids.addAll(a.aliases());
                String known = ids.stream().map(keyOf::get).filter(java.util.Objects::nonNull).findFirst().orElse(null);
                if (known != null) {
                    // the same vulnerability from another source (a DSA naming the tracker's CVE): one finding
                    // carrying both ids and the higher severity
                    Finding f = byId.get(known);
                    Set<String> aliases = new LinkedHashSet<>(f.aliases());
                    ids.stream().filter(id -> !id.equals(f.id())).forEach(aliases::add);
                    boolean worse = a.severity().compareTo(f.severity()) > 0;
                    byId.put(known, new Finding(f.id(), List.copyOf(aliases), f.pkg(), f.sourcePkg(), f.type(), f.installed(),
                            f.matched(), f.fixed() != null ? f.fixed() : fixed, f.status(),
                            worse ? a.severity() : f.severity(), worse ? a.severityText() : f.severityText(), f.note(),
                            f.ecosystem(), f.advisorySource(), f.layer(), f.layerDigest(), f.createdBy(), f.database(),
                            f.inFinalImage(), f.replacedLayer(), f.replacedBy(), f.purl()));
                    ids.forEach(id -> keyOf.putIfAbsent(id, known));
                    continue;
                }
                ids.forEach(id -> keyOf.put(id, a.id()));
                byId.put(a.id(), new Finding(a.id(), a.aliases(), p.name(), p.source(), p.type(), p.version(), version,
                        fixed, status, a.severity(), a.severityText(), a.note(), a.ecosystem(), a.source(), layer,
                        p.changedDigest(), createdBy, p.database(), inFinal, replacedLayer, replacedBy, purl));
            }
            return new ArrayList<>(byId.values());
        }
    }
}
