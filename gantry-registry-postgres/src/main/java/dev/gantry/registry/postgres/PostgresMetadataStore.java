package dev.gantry.registry.postgres;

import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;
import dev.gantry.registry.metadata.BlobObjects;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;
import dev.gantry.registry.metadata.ManifestRecord;
import dev.gantry.registry.metadata.OnlineGarbageCollection;
import dev.gantry.registry.metadata.OnlineGcReport;
import dev.gantry.registry.metadata.MetadataStore;
import dev.gantry.registry.metadata.ReferrersPage;
import dev.gantry.registry.metadata.SharedUploadSlots;
import dev.gantry.registry.metadata.UploadSession;
import dev.gantry.registry.metadata.UploadSlots;
import dev.gantry.registry.storage.PathNotFoundException;

import javax.sql.DataSource;
import java.io.Closeable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/**
 * The registry's metadata in PostgreSQL (schema: {@code db/migration/V*.sql}, applied by Flyway
 * when the provider opens the store). Several {@code gantry serve} nodes may share one database:
 * every write that touches more than one row (a manifest with its references, referrer entry and
 * tags) is one transaction, and rows that two nodes may write at once are upserts
 * ({@code INSERT ... ON CONFLICT}), so concurrent pushes of one tag or one manifest end with one
 * consistent record rather than an error. Lists that page (catalog, tags, referrers) are keyset
 * queries on an index ({@code WHERE key > ? ORDER BY key LIMIT ?}), never a scan of everything
 * before the page. Upload slots are counted in the database too ({@link #uploadSlots}), so a limit
 * on concurrent uploads holds across nodes.
 */
public final class PostgresMetadataStore implements MetadataStore, SharedUploadSlots, OnlineGarbageCollection, AutoCloseable {
    private final DataSource dataSource;
    private final Closeable pool;
    private final OnlineReviewer reviewer;

    /**
     * A store over a database whose schema is already migrated.
     *
     * @param dataSource where connections come from (a pool)
     * @param pool       closed with this store, or null when the caller closes the data source
     */
    public PostgresMetadataStore(DataSource dataSource, Closeable pool) {
        this.dataSource = dataSource;
        this.pool = pool;
        this.reviewer = new OnlineReviewer(dataSource);
        this.uploadLocks = new PostgresUploadLocks(dev.gantry.registry.metadata.LocalUploadLocks.JVM, () -> dataSource instanceof com.zaxxer.hikari.HikariDataSource hikari
                ? java.sql.DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword())
                : dataSource.getConnection(), java.time.Duration.ofSeconds(60));
    }

    /** One {@code SELECT 1} through the pool (which waits up to its connection timeout for a connection). */
    @Override
    public void checkReachable() throws IOException {
        oneStatement("answer a health check", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1"); ResultSet r = s.executeQuery()) {
                return r.next();
            }
        });
    }

    /** Failed logins counted in {@code login_failures} for every node on this database. */
    @Override
    public java.util.Optional<dev.gantry.registry.metadata.LoginAttempts> sharedLoginAttempts(int limit, java.time.Duration window) {
        return java.util.Optional.of(new PostgresLoginAttempts(dataSource, limit, window));
    }

    @Override
    public boolean isDatabase() {
        return true;
    }

    /** The connection pool's gauges: connections in use, idle, in total, and requests waiting for one. */
    @Override
    public void writeMetrics(StringBuilder out) {
        if (!(dataSource instanceof com.zaxxer.hikari.HikariDataSource hikari) || hikari.getHikariPoolMXBean() == null) {
            return;
        }
        var pool = hikari.getHikariPoolMXBean();
        gauge(out, "gantry_db_pool_active_connections", "Database connections in use.", pool.getActiveConnections());
        gauge(out, "gantry_db_pool_idle_connections", "Database connections open and idle.", pool.getIdleConnections());
        gauge(out, "gantry_db_pool_pending_requests", "Requests waiting for a database connection.", pool.getThreadsAwaitingConnection());
        gauge(out, "gantry_db_pool_total_connections", "Database connections open.", pool.getTotalConnections());
        gauge(out, "gantry_db_pool_max_connections", "The most connections the pool opens.", hikari.getMaximumPoolSize());
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    /** Upload session locks, on a connection of their own. */
    private final PostgresUploadLocks uploadLocks;

    /** A PostgreSQL advisory lock on the session, so that two nodes never append to one upload at once. */
    @Override
    public dev.gantry.registry.metadata.UploadLock lockUpload(String repository, String id) throws IOException {
        return uploadLocks.lock(id);
    }

    /** Work on one connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Work whose one statement is atomic on its own (autocommit): reads, and writes of one row or one DELETE. */
    private <T> T oneStatement(String what, Work<T> work) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Work of several statements that must be seen whole or not at all. */
    private <T> T transaction(String what, Work<T> work) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static IOException failure(String what, SQLException e) {
        return new IOException("metadata database: cannot " + what + ": " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
    }

    /** The repository's id, creating its row when it has none; safe when two nodes create it at once. */
    private static long repositoryId(Connection c, String repository) throws SQLException {
        Long id = existingId(c, repository);
        if (id != null) {
            return id;
        }
        // No conflict target: a racing insert of the same name may collide first on the catalog-order index, which
        // "ON CONFLICT (name)" does not arbitrate (it raised 23505 in PostgresMetadataStoreTest's race).
        try (PreparedStatement s = c.prepareStatement("INSERT INTO repositories (name) VALUES (?) ON CONFLICT DO NOTHING RETURNING id")) {
            s.setString(1, repository);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    return r.getLong(1);
                }
            }
        }
        // Another node inserted it between our look-up and insert; its row is committed now.
        return existingId(c, repository);
    }

    private static Long existingId(Connection c, String repository) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM repositories WHERE name = ?")) {
            s.setString(1, repository);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : null;
            }
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object p = parameters[i];
            if (p instanceof Instant instant) {
                s.setObject(i + 1, instant.atOffset(ZoneOffset.UTC));
            } else if (p instanceof Digest digest) {
                s.setString(i + 1, digest.toString());
            } else {
                s.setObject(i + 1, p);
            }
        }
        return s;
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, parameters)) {
            return s.executeUpdate();
        }
    }

    private static List<String> strings(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, parameters); ResultSet r = s.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (r.next()) {
                values.add(r.getString(1));
            }
            return values;
        }
    }

    private static Optional<String> string(Connection c, String sql, Object... parameters) throws SQLException {
        List<String> values = strings(c, sql, parameters);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    private static Instant instant(Connection c, String sql, String missing, Object... parameters) throws SQLException, PathNotFoundException {
        try (PreparedStatement s = prepare(c, sql, parameters); ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                throw new PathNotFoundException(missing);
            }
            return r.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    // ---- repositories

    /**
     * Catalog query: keyset on the {@code repositories_catalog} index, each candidate probed for content through
     * the primary keys of blob_links and manifests. The probes are scalar subqueries with LIMIT 1 rather than
     * {@code EXISTS ... OR EXISTS}, which the planner turns into a hashed subplan reading all of blob_links; the
     * ORDER BY (the key's order) keeps a skewed table (one repository holding most manifests) from being read with
     * a sequential scan that the planner expects to stop at once but that reads everything for other repositories.
     */
    static final String CATALOG_PAGE = """
            SELECT r.name FROM repositories r
            WHERE r.catalog_key > translate(?, '/', E'\\x01')
              AND COALESCE((SELECT true FROM blob_links b WHERE b.repository_id = r.id ORDER BY b.digest LIMIT 1),
                           (SELECT true FROM manifests m WHERE m.repository_id = r.id ORDER BY m.digest LIMIT 1), false)
            ORDER BY r.catalog_key LIMIT ?""";

    @Override
    public boolean repositoryExists(String repository) {
        try {
            return oneStatement("look up repository " + repository, c -> string(c, """
                    SELECT 1 FROM repositories r WHERE r.name = ? AND (
                        EXISTS (SELECT 1 FROM blob_links b WHERE b.repository_id = r.id)
                        OR EXISTS (SELECT 1 FROM manifests m WHERE m.repository_id = r.id)
                        OR EXISTS (SELECT 1 FROM uploads u WHERE u.repository_id = r.id))""", repository).isPresent());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public List<String> repositories(String last, int limit) throws IOException {
        return oneStatement("list repositories", c -> strings(c, CATALOG_PAGE, last == null ? "" : last, limit));
    }

    // ---- blob links

    /**
     * Links under the blob's row lock: a blob that online gc condemned meanwhile is not linked (BLOB_UNKNOWN; the
     * client pushes it again) rather than linked to an object about to be deleted.
     */
    @Override
    public void linkBlob(String repository, Digest digest) throws IOException {
        transaction("link blob " + digest + " into " + repository, c -> {
            long id = repositoryId(c, repository);
            List<String> gone = lockLiveBlobs(c, List.of(digest));
            if (!gone.isEmpty()) {
                throw new RegistryException(ErrorCode.BLOB_UNKNOWN, "blob " + digest + " was deleted by garbage collection just now; push it again",
                        Map.of("digest", digest.toString()));
            }
            return update(c, """
                    INSERT INTO blob_links (repository_id, digest, linked_at) VALUES (?, ?, now())
                    ON CONFLICT (repository_id, digest) DO UPDATE SET linked_at = EXCLUDED.linked_at""", id, digest);
        });
    }

    /**
     * Locks the blobs' rows (FOR KEY SHARE, in digest order so two pushes never wait on each other in a cycle) until
     * the transaction ends, making rows for digests the database has not seen; returns those online gc condemned.
     * The reviewer locks a row FOR UPDATE before deciding, so it waits for this transaction or this one for it.
     */
    private static List<String> lockLiveBlobs(Connection c, List<Digest> digests) throws SQLException {
        Object[] sorted = digests.stream().map(Digest::toString).distinct().sorted().toArray();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO blobs (digest) SELECT unnest(?::text[]) ORDER BY 1 ON CONFLICT DO NOTHING")) {
            s.setArray(1, c.createArrayOf("text", sorted));
            s.executeUpdate();
        }
        List<String> gone = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT digest, state FROM blobs WHERE digest = ANY(?) ORDER BY digest FOR KEY SHARE")) {
            s.setArray(1, c.createArrayOf("text", sorted));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (!r.getString(2).equals("live")) {
                        gone.add(r.getString(1));
                    }
                }
            }
        }
        return gone;
    }

    @Override
    public boolean blobLinked(String repository, Digest digest) throws IOException {
        return oneStatement("look up blob " + digest + " in " + repository, c -> string(c, """
                SELECT 1 FROM blob_links b JOIN repositories r ON r.id = b.repository_id WHERE r.name = ? AND b.digest = ?""",
                repository, digest).isPresent());
    }

    @Override
    public boolean unlinkBlob(String repository, Digest digest) throws IOException {
        return oneStatement("unlink blob " + digest + " from " + repository, c -> update(c, """
                DELETE FROM blob_links b USING repositories r WHERE r.id = b.repository_id AND r.name = ? AND b.digest = ?""",
                repository, digest) > 0);
    }

    @Override
    public List<Digest> linkedBlobs(String repository) throws IOException {
        return oneStatement("list blobs of " + repository, c -> strings(c, """
                SELECT b.digest FROM blob_links b JOIN repositories r ON r.id = b.repository_id WHERE r.name = ?""", repository))
                .stream().map(Digest::parse).toList();
    }

    @Override
    public Instant blobLinkedAt(String repository, Digest digest) throws IOException {
        return oneStatement("look up blob " + digest + " in " + repository, c -> instant(c, """
                SELECT b.linked_at FROM blob_links b JOIN repositories r ON r.id = b.repository_id WHERE r.name = ? AND b.digest = ?""",
                repository + "/_layers/" + digest, repository, digest));
    }

    // ---- manifests and tags

    /**
     * One transaction: the manifest's row (its link time renewed when it is pushed again), its references, its
     * referrer entry, then the tags moved onto it. Two nodes putting the same manifest or moving the same tag at
     * once serialise on those rows; the later commit wins the tag, and neither fails.
     */
    @Override
    public void putManifest(String repository, ManifestRecord manifest, List<String> tags) throws IOException {
        transaction("record manifest " + manifest.digest() + " in " + repository, c -> {
            long id = repositoryId(c, repository);
            requireUncollected(c, id, repository, manifest);
            update(c, """
                    INSERT INTO manifests (repository_id, digest, media_type, subject, linked_at) VALUES (?, ?, ?, ?, now())
                    ON CONFLICT (repository_id, digest) DO UPDATE
                    SET media_type = EXCLUDED.media_type, subject = EXCLUDED.subject, linked_at = EXCLUDED.linked_at""",
                    id, manifest.digest(), manifest.mediaType(), manifest.subject() == null ? null : manifest.subject().toString());
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO manifest_references (repository_id, manifest_digest, digest, media_type, size) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""")) {
                for (Descriptor reference : manifest.references()) {
                    s.setLong(1, id);
                    s.setString(2, manifest.digest().toString());
                    s.setString(3, reference.digest().toString());
                    s.setString(4, reference.mediaType());
                    s.setLong(5, reference.size());
                    s.addBatch();
                }
                s.executeBatch();
            }
            if (manifest.subject() != null) {
                update(c, """
                        INSERT INTO referrers (repository_id, subject, referrer_digest, artifact_type, descriptor) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (repository_id, subject, referrer_digest) DO UPDATE
                        SET artifact_type = EXCLUDED.artifact_type, descriptor = EXCLUDED.descriptor""",
                        id, manifest.subject(), manifest.digest(), manifest.referrer().artifactType(), Json.write(manifest.referrer()));
            }
            // Tags in one order everywhere: two nodes moving the same tags lock their rows in the same order, never a cycle.
            for (String tag : tags.stream().sorted().distinct().toList()) {
                update(c, """
                        INSERT INTO tags (repository_id, name, manifest_digest, updated_at) VALUES (?, ?, ?, now())
                        ON CONFLICT (repository_id, name) DO UPDATE
                        SET manifest_digest = EXCLUDED.manifest_digest, updated_at = EXCLUDED.updated_at""", id, tag, manifest.digest());
            }
            return null;
        });
    }

    /**
     * Locks what the manifest names against online gc until the transaction ends: its own bytes and every blob it names
     * (their {@code blobs} rows) and its child manifests (their rows). Anything the reviewer condemned between the
     * registry's checks and this transaction fails the push with MANIFEST_BLOB_UNKNOWN, as if it had never been pushed.
     */
    private static void requireUncollected(Connection c, long id, String repository, ManifestRecord manifest) throws SQLException {
        List<Digest> named = new ArrayList<>();
        named.add(manifest.digest());
        List<String> children = new ArrayList<>();
        for (Descriptor reference : manifest.references()) {
            named.add(reference.digest());
            if (MediaTypes.isManifest(reference.mediaType())) {
                children.add(reference.digest().toString());
            }
        }
        List<String> gone = lockLiveBlobs(c, named);
        if (!children.isEmpty()) {
            Set<String> present = new HashSet<>();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT digest FROM manifests WHERE repository_id = ? AND digest = ANY(?) ORDER BY digest FOR KEY SHARE""")) {
                s.setLong(1, id);
                s.setArray(2, c.createArrayOf("text", children.stream().distinct().sorted().toArray()));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        present.add(r.getString(1));
                    }
                }
            }
            children.stream().filter(child -> !present.contains(child)).forEach(gone::add);
        }
        if (!gone.isEmpty()) {
            throw new RegistryException(ErrorCode.MANIFEST_BLOB_UNKNOWN, "manifest " + manifest.digest() + " names " + gone.getFirst()
                    + ", which garbage collection deleted from repository " + repository + " just now; push it again",
                    Map.of("digest", gone.getFirst()));
        }
    }

    @Override
    public Optional<String> manifestMediaType(String repository, Digest digest) throws IOException {
        return oneStatement("look up manifest " + digest + " in " + repository, c -> string(c, """
                SELECT m.media_type FROM manifests m JOIN repositories r ON r.id = m.repository_id WHERE r.name = ? AND m.digest = ?""",
                repository, digest));
    }

    @Override
    public boolean manifestLinked(String repository, Digest digest) throws IOException {
        return manifestMediaType(repository, digest).isPresent();
    }

    /** Its tags, references and referrer entry go with it (foreign keys ON DELETE CASCADE), in the same statement. */
    @Override
    public boolean deleteManifest(String repository, Digest digest, Digest subject) throws IOException {
        return transaction("delete manifest " + digest + " from " + repository, c -> update(c, """
                DELETE FROM manifests m USING repositories r WHERE r.id = m.repository_id AND r.name = ? AND m.digest = ?""",
                repository, digest) > 0);
    }

    @Override
    public List<Digest> manifests(String repository) throws IOException {
        return oneStatement("list manifests of " + repository, c -> strings(c, """
                SELECT m.digest FROM manifests m JOIN repositories r ON r.id = m.repository_id WHERE r.name = ?""", repository))
                .stream().map(Digest::parse).toList();
    }

    @Override
    public Instant manifestLinkedAt(String repository, Digest digest) throws IOException {
        return oneStatement("look up manifest " + digest + " in " + repository, c -> instant(c, """
                SELECT m.linked_at FROM manifests m JOIN repositories r ON r.id = m.repository_id WHERE r.name = ? AND m.digest = ?""",
                repository + "/_manifests/revisions/" + digest, repository, digest));
    }

    @Override
    public Optional<Digest> tag(String repository, String tag) throws IOException {
        return oneStatement("look up tag " + tag + " of " + repository, c -> string(c, """
                SELECT t.manifest_digest FROM tags t JOIN repositories r ON r.id = t.repository_id WHERE r.name = ? AND t.name = ?""",
                repository, tag)).map(Digest::parse);
    }

    @Override
    public List<String> tags(String repository) throws IOException {
        return tags(repository, null, Integer.MAX_VALUE);
    }

    /** Tags-list query: keyset on the tags primary key (repository, name). */
    static final String TAGS_PAGE = """
            SELECT t.name FROM tags t
            WHERE t.repository_id = (SELECT id FROM repositories WHERE name = ?) AND t.name > ?
            ORDER BY t.name LIMIT ?""";

    @Override
    public List<String> tags(String repository, String last, int limit) throws IOException {
        return oneStatement("list tags of " + repository, c -> strings(c, TAGS_PAGE, repository, last == null ? "" : last, limit));
    }

    @Override
    public boolean deleteTag(String repository, String tag) throws IOException {
        return oneStatement("delete tag " + tag + " of " + repository, c -> update(c, """
                DELETE FROM tags t USING repositories r WHERE r.id = t.repository_id AND r.name = ? AND t.name = ?""",
                repository, tag) > 0);
    }

    // ---- referrers

    /** Referrers query: keyset on the referrers primary key (repository, subject, referrer digest). */
    static final String REFERRERS_PAGE = """
            SELECT f.referrer_digest, f.descriptor FROM referrers f
            WHERE f.repository_id = (SELECT id FROM repositories WHERE name = ?) AND f.subject = ? AND f.referrer_digest > ?
              AND (?::text IS NULL OR f.artifact_type = ?)
            ORDER BY f.referrer_digest LIMIT ?""";

    /** The cursor is the last referrer's digest on the page; one row past the page says whether a next one exists. */
    @Override
    public ReferrersPage referrers(String repository, Digest subject, String artifactType, String after, int limit) throws IOException {
        return oneStatement("list referrers of " + subject + " in " + repository, c -> {
            long fetch = Math.min((long) limit + 1, Integer.MAX_VALUE);
            List<Descriptor> page = new ArrayList<>();
            String lastDigest = null;
            boolean more = false;
            try (PreparedStatement s = prepare(c, REFERRERS_PAGE, repository, subject, after == null ? "" : after, artifactType, artifactType, fetch);
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (page.size() == limit) {
                        more = true;
                        break;
                    }
                    lastDigest = r.getString(1);
                    page.add(Json.parse(r.getBytes(2), Descriptor.class, "referrer " + lastDigest));
                }
            }
            return new ReferrersPage(page, more ? lastDigest : null);
        });
    }

    // ---- upload sessions

    @Override
    public void createUpload(String repository, String id, Instant startedAt) throws IOException {
        transaction("record upload " + id + " in " + repository, c -> update(c, """
                INSERT INTO uploads (repository_id, id, started_at) VALUES (?, ?, ?)""", repositoryId(c, repository), id, startedAt));
    }

    @Override
    public Optional<UploadSession> upload(String repository, String id) throws IOException {
        return oneStatement("look up upload " + id + " in " + repository, c -> {
            try (PreparedStatement s = prepare(c, """
                    SELECT u.started_at, u.hash_state FROM uploads u JOIN repositories r ON r.id = u.repository_id WHERE r.name = ? AND u.id = ?""",
                    repository, id); ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.<UploadSession>empty();
                }
                return Optional.of(new UploadSession(r.getObject(1, OffsetDateTime.class).toInstant(), Optional.ofNullable(r.getBytes(2))));
            }
        });
    }

    @Override
    public void saveHashState(String repository, String id, byte[] hashState) throws IOException {
        oneStatement("save the hash state of upload " + id + " in " + repository, c -> update(c, """
                UPDATE uploads u SET hash_state = ? FROM repositories r WHERE r.id = u.repository_id AND r.name = ? AND u.id = ?""",
                hashState, repository, id));
    }

    @Override
    public boolean deleteUpload(String repository, String id) throws IOException {
        return oneStatement("forget upload " + id + " in " + repository, c -> update(c, """
                DELETE FROM uploads u USING repositories r WHERE r.id = u.repository_id AND r.name = ? AND u.id = ?""",
                repository, id) > 0);
    }

    @Override
    public List<String> uploads(String repository) throws IOException {
        return oneStatement("list uploads of " + repository, c -> strings(c, """
                SELECT u.id FROM uploads u JOIN repositories r ON r.id = u.repository_id WHERE r.name = ?""", repository));
    }

    // ---- online garbage collection

    @Override
    public void storeBlob(Digest digest, BlobWrite write) throws IOException {
        reviewer.storeBlob(digest, write);
    }

    @Override
    public OnlineGcReport review(BlobObjects blobs, java.time.Duration reviewDelay, int limit) throws IOException {
        return reviewer.review(blobs, reviewDelay, limit);
    }

    @Override
    public OnlineGcReport sweepOrphans(BlobObjects blobs, java.time.Duration reviewDelay) throws IOException {
        return reviewer.sweepOrphans(blobs, reviewDelay);
    }

    /** The pool, for tests in this package that drive the upload slots with their own clock. */
    DataSource dataSource() {
        return dataSource;
    }

    /** Slots in the {@code upload_slots} table, shared by every node on this database. */
    @Override
    public UploadSlots uploadSlots(int max) {
        return new PostgresUploadSlots(dataSource, max, java.time.Clock.systemUTC());
    }

    /**
     * Closes the connection pool.
     *
     * @throws IOException when the pool does not close cleanly
     */
    @Override
    public void close() throws IOException {
        uploadLocks.close();
        if (pool != null) {
            pool.close();
        }
    }
}
