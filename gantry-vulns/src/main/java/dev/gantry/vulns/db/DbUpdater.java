package dev.gantry.vulns.db;

import dev.gantry.error.GantryException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code gantry vulns db update}: downloads each source URL to a temporary directory beside the
 * database (streamed to disk, never held in memory), then imports them all at once with
 * {@link AdvisoryImporter}, so a failed download or a bad file leaves the previous database as it was.
 */
public final class DbUpdater {
    /** The public exports Gantry reads when no source is configured. */
    public static final List<String> DEFAULT_SOURCES = List.of(
            "https://security-tracker.debian.org/tracker/data/json",
            "https://secdb.alpinelinux.org/v3.18/main.json",
            "https://secdb.alpinelinux.org/v3.19/main.json",
            "https://secdb.alpinelinux.org/v3.20/main.json",
            "https://secdb.alpinelinux.org/v3.21/main.json",
            "https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip",
            "https://osv-vulnerabilities.storage.googleapis.com/Alpine/all.zip",
            "https://osv-vulnerabilities.storage.googleapis.com/Rocky%20Linux/all.zip",
            "https://osv-vulnerabilities.storage.googleapis.com/AlmaLinux/all.zip");

    private final HttpClient client;
    private final AdvisoryImporter importer;

    /**
     * An updater downloading with {@code client}.
     *
     * @param client   the HTTP client (redirects followed)
     * @param importer the importer that builds the database
     */
    public DbUpdater(HttpClient client, AdvisoryImporter importer) {
        this.client = client;
        this.importer = importer;
    }

    /**
     * Downloads the sources and rebuilds the database from them.
     *
     * @param urls the sources
     * @param db   the database file
     * @return the new database's metadata
     * @throws IOException when a download or the import fails; the previous database is then unchanged
     */
    public DbInfo update(List<String> urls, Path db) throws IOException {
        Path dir = db.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path downloads = Files.createTempDirectory(dir, ".tmp-download-");
        try {
            List<AdvisoryImporter.Input> inputs = new ArrayList<>();
            int n = 0;
            for (String url : urls) {
                Path file = downloads.resolve(String.format("%03d.download", n++));
                download(url, file);
                inputs.add(new AdvisoryImporter.Input(file, url));
            }
            return importer.importAll(inputs, db);
        } finally {
            try (Stream<Path> files = Files.walk(downloads)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void download(String url, Path file) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new GantryException("advisory source " + url + " is not a URL: " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build();
        HttpResponse<Path> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofFile(file));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        } catch (IOException e) {
            throw new IOException("cannot download advisory source " + url + ": " + e.getMessage(), e);
        }
        if (response.statusCode() != 200) {
            throw new GantryException("advisory source " + url + " answered HTTP " + response.statusCode()
                    + "; the previous database is unchanged");
        }
    }
}
