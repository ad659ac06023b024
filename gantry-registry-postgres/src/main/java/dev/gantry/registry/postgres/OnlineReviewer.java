package dev.gantry.registry.postgres;

import dev.gantry.digest.Digest;
import dev.gantry.registry.metadata.BlobObjects;
import dev.gantry.registry.metadata.OnlineGarbageCollection;
import dev.gantry.registry.metadata.OnlineGcReport;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Online garbage collection over the review queues of {@code V10__online_gc.sql}. Each task is one
 * transaction: take a due task ({@code FOR UPDATE SKIP LOCKED}, so nodes reviewing at once never
 * take the same one), put it off when the candidate has a newer event, else lock the candidate's
 * own row, decide from what references it now, delete or keep, and close its due tasks. Pushes lock the same rows (a manifest row when tagging or indexing it, a
 * {@code blobs} row when linking, naming or storing the blob), so a push either commits before the
 * reviewer looks, and is seen, or waits and then finds the candidate gone and fails cleanly.
 *
 * <p>Blobs go in two steps: the review commits the decision (row 'deleting', links removed), then
 * the object is deleted under the row's lock and the row kept as a 'deleted' tombstone. A crash
 * between the steps leaves a 'deleting' row that the next pass finishes; a writer of the blob's
 * bytes that takes the row in between writes them again ({@link #storeBlob}).
 */
final class OnlineReviewer {
    private final DataSource dataSource;

    OnlineReviewer(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What one task's review came to. */
    private enum Outcome { NOTHING_DUE, KEPT, DELETED }

    OnlineGcReport review(BlobObjects blobs, Duration delay, int limit) throws IOException {
        int[] counts = new int[4]; // reviewed, manifests deleted, blobs condemned, failures
        // Manifests first: deleting one queues its blobs, which then wait a delay of their own.
        drain(c -> reviewManifest(c, delay), limit, counts, 1);
        drain(c -> reviewBlob(c, delay), limit, counts, 2);
        return new OnlineGcReport(counts[0], counts[1], counts[2], 0, counts[3]).plus(deleteCondemnedObjects(blobs, limit));
    }

    private void drain(SqlWork<Outcome> step, int limit, int[] counts, int deletedSlot) throws IOException {
        int failuresInARow = 0;
        while (counts[0] < limit) {
            Outcome outcome;
            try {
                outcome = inTransaction(step);
                failuresInARow = 0;
            } catch (SQLException e) {
                counts[3]++;
                // A deadlock with a push or another reviewer rolls back one side; the task stays due and is taken again.
                if (++failuresInARow >= 3) {
                    throw new IOException("online gc: cannot review: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
                }
                continue;
            }
            if (outcome == Outcome.NOTHING_DUE) {
                return;
            }
            counts[0]++;
            if (outcome == Outcome.DELETED) {
                counts[deletedSlot]++;
            }
        }
    }

    private <T> T inTransaction(SqlWork<T> work) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Work inside one transaction (one task's review, say). */
    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            s.setObject(i + 1, parameters[i]);
        }
        return s;
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, parameters)) {
            return s.executeUpdate();
        }
    }

    private static boolean exists(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, parameters); ResultSet r = s.executeQuery()) {
            return r.next();
        }
    }

    private static double seconds(Duration delay) {
        return delay.toNanos() / 1e9;
    }

    /**
     * An untagged manifest goes unless an index of its repository names it or its subject is a manifest there
     * (a referrer lives as long as its subject). Deleting it cascades to its references, tags and referrer entry,
     * whose triggers queue its blobs, its children and its referrers.
     */
    private static Outcome reviewManifest(Connection c, Duration delay) throws SQLException {
        long repository;
        String digest;
        try (PreparedStatement s = prepare(c, """
                SELECT repository_id, digest FROM gc_manifest_review_queue
                WHERE last_event_at <= now() - make_interval(secs => ?)
                ORDER BY last_event_at LIMIT 1 FOR UPDATE SKIP LOCKED""", seconds(delay)); ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                return Outcome.NOTHING_DUE;
            }
            repository = r.getLong(1);
            digest = r.getString(2);
        }
        Outcome outcome;
        String subject = null;
        boolean present;
        // The lock a push tagging or indexing this manifest also needs: it waits for this decision, or this waits for it.
        try (PreparedStatement s = prepare(c, "SELECT subject FROM manifests WHERE repository_id = ? AND digest = ? FOR UPDATE", repository, digest);
             ResultSet r = s.executeQuery()) {
            present = r.next();
            if (present) {
                subject = r.getString(1);
            }
        }
        // Asked after taking the row: a push that held it has committed, and its event (a newer task) is seen now.
        if (present && exists(c, """
                SELECT 1 FROM gc_manifest_review_queue WHERE repository_id = ? AND digest = ? AND last_event_at > now() - make_interval(secs => ?)""",
                repository, digest, seconds(delay))) {
            // A newer event postpones the review: its own task comes due later.
            closeDueManifestTasks(c, repository, digest, delay);
            return Outcome.KEPT;
        }
        if (!present || exists(c, """
                SELECT 1 WHERE EXISTS (SELECT 1 FROM tags WHERE repository_id = ? AND manifest_digest = ?)
                   OR EXISTS (SELECT 1 FROM manifest_references WHERE repository_id = ? AND digest = ?)
                   OR EXISTS (SELECT 1 FROM manifests WHERE repository_id = ? AND digest = ?)""",
                repository, digest, repository, digest, repository, subject)) {
            outcome = Outcome.KEPT;
        } else {
            update(c, "DELETE FROM manifests WHERE repository_id = ? AND digest = ?", repository, digest);
            outcome = Outcome.DELETED;
        }
        closeDueManifestTasks(c, repository, digest, delay);
        return outcome;
    }

    /**
     * Closes the candidate's due tasks, this review having answered them; tasks another reviewer holds are left to it
     * (SKIP LOCKED: waiting for them could close a cycle with that reviewer, which waits for the candidate's row).
     */
    private static void closeDueManifestTasks(Connection c, long repository, String digest, Duration delay) throws SQLException {
        update(c, """
                DELETE FROM gc_manifest_review_queue WHERE id IN (
                    SELECT id FROM gc_manifest_review_queue
                    WHERE repository_id = ? AND digest = ? AND last_event_at <= now() - make_interval(secs => ?)
                    FOR UPDATE SKIP LOCKED)""", repository, digest, seconds(delay));
    }

    private static void closeDueBlobTasks(Connection c, String digest, Duration delay) throws SQLException {
        update(c, """
                DELETE FROM gc_blob_review_queue WHERE id IN (
                    SELECT id FROM gc_blob_review_queue WHERE digest = ? AND last_event_at <= now() - make_interval(secs => ?)
                    FOR UPDATE SKIP LOCKED)""", digest, seconds(delay));
    }

    /**
     * A blob goes when no manifest in any repository names it (as config, layer or child) or is it (a manifest's own
     * bytes). A link alone does not keep it: a blob pushed and never named is garbage once the delay has passed
     * since its last link, as in distribution's and in {@code gantry gc}'s mark and sweep.
     */
    private static Outcome reviewBlob(Connection c, Duration delay) throws SQLException {
        String digest;
        try (PreparedStatement s = prepare(c, """
                SELECT digest FROM gc_blob_review_queue
                WHERE last_event_at <= now() - make_interval(secs => ?)
                ORDER BY last_event_at LIMIT 1 FOR UPDATE SKIP LOCKED""", seconds(delay)); ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                return Outcome.NOTHING_DUE;
            }
            digest = r.getString(1);
        }
        update(c, "INSERT INTO blobs (digest) VALUES (?) ON CONFLICT DO NOTHING", digest);
        String state;
        try (PreparedStatement s = prepare(c, "SELECT state FROM blobs WHERE digest = ? FOR UPDATE", digest); ResultSet r = s.executeQuery()) {
            r.next();
            state = r.getString(1);
        }
        // After the row lock: a link or upload that held it has committed its newer event, which postpones the review.
        if (exists(c, "SELECT 1 FROM gc_blob_review_queue WHERE digest = ? AND last_event_at > now() - make_interval(secs => ?)",
                digest, seconds(delay))) {
            closeDueBlobTasks(c, digest, delay);
            return Outcome.KEPT;
        }
        Outcome outcome = Outcome.KEPT;
        if (state.equals("live") && !exists(c, """
                SELECT 1 WHERE EXISTS (SELECT 1 FROM manifests WHERE digest = ?)
                   OR EXISTS (SELECT 1 FROM manifest_references WHERE digest = ?)""", digest, digest)) {
            update(c, "DELETE FROM blob_links WHERE digest = ?", digest);
            update(c, "UPDATE blobs SET state = 'deleting', changed_at = now() WHERE digest = ?", digest);
            outcome = Outcome.DELETED;
        }
        closeDueBlobTasks(c, digest, delay);
        return outcome;
    }

    /** Deletes the objects of condemned blobs, each under its row's lock, leaving the row as a tombstone. */
    OnlineGcReport deleteCondemnedObjects(BlobObjects blobs, int limit) throws IOException {
        int deleted = 0;
        int failures = 0;
        Set<String> failed = new HashSet<>();
        while (deleted + failures < limit) {
            boolean[] found = {false};
            try {
                boolean removed = inTransaction(c -> {
                    String digest;
                    try (PreparedStatement s = c.prepareStatement("""
                            SELECT digest FROM blobs WHERE state = 'deleting' AND NOT (digest = ANY(?))
                            ORDER BY changed_at LIMIT 1 FOR UPDATE SKIP LOCKED""")) {
                        s.setArray(1, c.createArrayOf("text", failed.toArray()));
                        try (ResultSet r = s.executeQuery()) {
                            if (!r.next()) {
                                return false;
                            }
                            digest = r.getString(1);
                        }
                    }
                    found[0] = true;
                    try {
                        blobs.deleteIfPresent(Digest.parse(digest));
                    } catch (IOException e) {
                        failed.add(digest);
                        throw e;
                    }
                    update(c, "UPDATE blobs SET state = 'deleted', changed_at = now() WHERE digest = ?", digest);
                    return true;
                });
                if (!found[0]) {
                    break;
                }
                if (removed) {
                    deleted++;
                }
            } catch (SQLException | IOException e) {
                failures++;
                if (!found[0]) {
                    throw e instanceof IOException io ? io : new IOException("online gc: cannot delete condemned blobs: " + e.getMessage(), e);
                }
            }
        }
        return new OnlineGcReport(0, 0, 0, deleted, failures);
    }

    /**
     * Runs the write with the blob's row locked: a reviewer cannot condemn it meanwhile, and when it already did
     * ('deleting', 'deleted') the bytes are written again rather than an object about to go being trusted.
     */
    void storeBlob(Digest digest, OnlineGarbageCollection.BlobWrite write) throws IOException {
        try {
            inTransaction(c -> {
                update(c, "INSERT INTO blobs (digest) VALUES (?) ON CONFLICT DO NOTHING", digest.toString());
                String state;
                try (PreparedStatement s = prepare(c, "SELECT state FROM blobs WHERE digest = ? FOR UPDATE", digest.toString());
                     ResultSet r = s.executeQuery()) {
                    r.next();
                    state = r.getString(1);
                }
                write.write(state.equals("live"));
                if (!state.equals("live")) {
                    update(c, "UPDATE blobs SET state = 'live', changed_at = now() WHERE digest = ?", digest.toString());
                }
                // Postpones a review already queued: the push that stored it names it within the delay.
                try (PreparedStatement s = prepare(c, "SELECT gc_queue_blob(?, 'blob stored')", digest.toString())) {
                    s.execute();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IOException("metadata database: cannot record blob " + digest + ": " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    /**
     * Objects under /blobs with no live row, older than the delay: condemned here ('deleting', a row made when there
     * is none) and deleted like any condemned blob. A live row is never touched; a writer racing this sweep either
     * made its row live first (the sweep then leaves it) or finds it 'deleting' and writes the bytes again.
     */
    OnlineGcReport sweepOrphans(BlobObjects blobs, Duration delay) throws IOException {
        Instant cutoff = Instant.now().minus(delay);
        List<Digest> all = blobs.all();
        int condemned = 0;
        for (int from = 0; from < all.size(); from += 1000) {
            List<Digest> batch = all.subList(from, Math.min(all.size(), from + 1000));
            Set<String> live = new HashSet<>();
            try {
                inTransaction(c -> {
                    try (PreparedStatement s = c.prepareStatement("SELECT digest FROM blobs WHERE state = 'live' AND digest = ANY(?)")) {
                        s.setArray(1, c.createArrayOf("text", batch.stream().map(Digest::toString).toArray()));
                        try (ResultSet r = s.executeQuery()) {
                            while (r.next()) {
                                live.add(r.getString(1));
                            }
                        }
                    }
                    return null;
                });
                List<String> orphans = new ArrayList<>();
                for (Digest digest : batch) {
                    if (!live.contains(digest.toString()) && blobs.modifiedBefore(digest, cutoff)) {
                        orphans.add(digest.toString());
                    }
                }
                for (String orphan : orphans) {
                    condemned += inTransaction(c -> update(c, """
                            INSERT INTO blobs (digest, state) VALUES (?, 'deleting')
                            ON CONFLICT (digest) DO UPDATE SET state = 'deleting', changed_at = now() WHERE blobs.state = 'deleted'""", orphan));
                }
            } catch (SQLException e) {
                throw new IOException("online gc: cannot sweep orphaned blobs: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
            }
        }
        return new OnlineGcReport(0, 0, condemned, 0, 0).plus(deleteCondemnedObjects(blobs, Integer.MAX_VALUE));
    }
}
