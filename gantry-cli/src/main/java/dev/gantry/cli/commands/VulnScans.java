package dev.gantry.cli.commands;

import dev.gantry.analysis.walk.LayerWalker;
import dev.gantry.image.Artifact;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Index;
import dev.gantry.image.PlatformSelector;
import dev.gantry.oci.Platform;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.vulns.db.AdvisoryDb;
import dev.gantry.vulns.db.DbLocation;
import dev.gantry.vulns.scan.VulnReport;
import dev.gantry.vulns.scan.VulnScanner;
import dev.gantry.vulns.triage.IgnoreEntry;
import dev.gantry.vulns.triage.IgnoreFile;
import dev.gantry.vulns.triage.TriagedReport;
import dev.gantry.vulns.triage.Triager;
import dev.gantry.vulns.triage.VexReader;
import dev.gantry.vulns.triage.VexStatement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Scans image locations and triages the findings: the part {@code gantry vulns} and
 * {@code gantry diff --vulns} share. The triage inputs are read (and the ignore file's expiry
 * checked) before any image is opened, so a stale ignore entry fails at once.
 */
final class VulnScans {
    private final Triager triager;
    private final Path dbFile;

    private VulnScans(Triager triager, Path dbFile) {
        this.triager = triager;
        this.dbFile = dbFile;
    }

    static VulnScans prepare(VulnsTriageOptions options) throws IOException {
        List<VexStatement> statements = new ArrayList<>();
        for (Path file : options.vex) {
            statements.addAll(VexReader.read(file));
        }
        Path ignore = options.ignoreFile;
        if (ignore == null && Files.isRegularFile(Path.of(IgnoreFile.DEFAULT_NAME))) {
            ignore = Path.of(IgnoreFile.DEFAULT_NAME);
        }
        List<IgnoreEntry> entries = ignore == null ? List.of() : IgnoreFile.read(ignore, LocalDate.now(ZoneOffset.UTC));
        return new VulnScans(new Triager(statements, entries), DbLocation.file(options.db, System.getenv()));
    }

    /**
     * Scans one location: the image, the image for {@code platform} of an index, or with {@code all} every
     * platform image of an index, each triaged with the index's digest as well as its own.
     */
    List<TriagedReport> scan(String ref, RemoteOptions remote, Platform platform, boolean all, boolean layers)
            throws IOException {
        List<TriagedReport> reports = new ArrayList<>();
        try (AdvisoryDb advisories = AdvisoryDb.open(dbFile);
             ImageSource source = Transports.openSource(TransportRef.parse(ref), remote)) {
            Artifact root = Images.open(source);
            boolean fromIndex = root instanceof Index;
            List<Image> images = all ? PlatformSelector.every(root) : List.of(PlatformSelector.select(root, platform));
            for (Image image : images) {
                VulnReport report = new VulnScanner(new LayerWalker()).scan(image, ref, advisories, layers);
                Set<String> digests = new LinkedHashSet<>();
                digests.add(report.imageDigest());
                digests.add(root.descriptor().digest().toString());
                Platform p = image.config().platform();
                reports.add(triager.apply(report, fromIndex && p != null ? p.toString() : null, digests));
            }
        }
        return reports;
    }
}
