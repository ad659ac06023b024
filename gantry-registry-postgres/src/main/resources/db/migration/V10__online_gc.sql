-- Online garbage collection (dev.gantry.registry.postgres.OnlineReviewer), after GitLab's container
-- registry: every event that can leave a manifest or a blob unreferenced queues a review task for
-- it; a reviewer takes due tasks (the event older than the review delay) with FOR UPDATE SKIP
-- LOCKED, and in one transaction that locks the candidate's row decides whether it is still
-- unreferenced. A concurrent push that references the candidate locks the same row, so either it
-- commits first (and the reviewer sees its reference) or it waits and then sees the candidate gone.
-- Version 10 leaves room for other schema changes numbered before it.

-- Every blob the database knows, with where it is in its life: 'live'; 'deleting' (the reviewer
-- decided it is garbage and committed; its storage object goes next); 'deleted' (the object is
-- gone; the row stays as a tombstone, so a late link cannot take a deleted blob for a live one).
-- A writer of the blob's bytes, a link and a manifest naming it all lock this row.
CREATE TABLE blobs (
    digest     TEXT COLLATE "C" PRIMARY KEY,
    state      TEXT NOT NULL DEFAULT 'live' CHECK (state IN ('live', 'deleting', 'deleted')),
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO blobs (digest)
SELECT digest FROM blob_links UNION SELECT digest FROM manifests UNION SELECT digest FROM manifest_references
ON CONFLICT DO NOTHING;
CREATE INDEX blobs_deleting ON blobs (changed_at) WHERE state = 'deleting';

-- "Who references this digest, in any repository?" without a scan.
CREATE INDEX blob_links_digest ON blob_links (digest);
CREATE INDEX manifests_digest ON manifests (digest);
CREATE INDEX manifest_references_digest ON manifest_references (digest);
CREATE INDEX manifests_subject ON manifests (repository_id, subject) WHERE subject IS NOT NULL;

-- Review tasks: one row per event (pushed, linked, unlinked, untagged, deleted...), when it
-- happened and what it was. Append-only: queueing never waits for another transaction, so the
-- triggers add no lock to a push and cannot make two pushes (or a push and a reviewer) wait on
-- each other in a cycle, as an upsert of one row per candidate did under the racing-nodes test.
-- A task is due once the reviewer's delay has passed since its event; a candidate with a newer
-- event than that is not reviewed yet (the event postpones it), and reviewing a candidate closes
-- all its due tasks.
CREATE TABLE gc_blob_review_queue (
    id            BIGSERIAL PRIMARY KEY,
    digest        TEXT COLLATE "C" NOT NULL,
    last_event_at TIMESTAMPTZ NOT NULL,
    event         TEXT NOT NULL
);
CREATE INDEX gc_blob_review_due ON gc_blob_review_queue (last_event_at);
CREATE INDEX gc_blob_review_candidate ON gc_blob_review_queue (digest, last_event_at);

CREATE TABLE gc_manifest_review_queue (
    id            BIGSERIAL PRIMARY KEY,
    repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    digest        TEXT COLLATE "C" NOT NULL,
    last_event_at TIMESTAMPTZ NOT NULL,
    event         TEXT NOT NULL
);
CREATE INDEX gc_manifest_review_due ON gc_manifest_review_queue (last_event_at);
CREATE INDEX gc_manifest_review_candidate ON gc_manifest_review_queue (repository_id, digest, last_event_at);

CREATE FUNCTION gc_queue_blob(candidate TEXT, why TEXT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO gc_blob_review_queue (digest, last_event_at, event) VALUES (candidate, now(), why)
$$;

CREATE FUNCTION gc_queue_manifest(repository BIGINT, candidate TEXT, why TEXT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO gc_manifest_review_queue (repository_id, digest, last_event_at, event) VALUES (repository, candidate, now(), why)
$$;

-- Triggers rather than application code: every path that changes these rows (the API, a tag
-- moved by a push, the reviewer's own cascades, gantry serve migrate, an operator's SQL) queues
-- its reviews in the same transaction, so no unlink is ever missed.

-- A pushed (or pushed again) manifest is reviewed once the delay has passed: untagged, it goes.
CREATE FUNCTION gc_manifest_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gc_queue_manifest(NEW.repository_id, NEW.digest, 'manifest pushed');
    RETURN NULL;
END $$;
CREATE TRIGGER gc_manifest_written AFTER INSERT OR UPDATE ON manifests FOR EACH ROW EXECUTE FUNCTION gc_manifest_written();

-- A deleted manifest: its own bytes (a blob) and the referrers whose subject it was.
-- Its references and tags go by cascade, and their own triggers queue what they pointed at.
CREATE FUNCTION gc_manifest_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gc_queue_blob(OLD.digest, 'manifest deleted');
    PERFORM gc_queue_manifest(m.repository_id, m.digest, 'subject deleted')
    FROM manifests m WHERE m.repository_id = OLD.repository_id AND m.subject = OLD.digest;
    RETURN NULL;
END $$;
CREATE TRIGGER gc_manifest_deleted AFTER DELETE ON manifests FOR EACH ROW EXECUTE FUNCTION gc_manifest_deleted();

-- A reference gone (its manifest deleted): the blob, and the child manifest when it is one.
CREATE FUNCTION gc_reference_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gc_queue_blob(OLD.digest, 'reference deleted');
    IF EXISTS (SELECT 1 FROM manifests m WHERE m.repository_id = OLD.repository_id AND m.digest = OLD.digest) THEN
        PERFORM gc_queue_manifest(OLD.repository_id, OLD.digest, 'index deleted');
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER gc_reference_deleted AFTER DELETE ON manifest_references FOR EACH ROW EXECUTE FUNCTION gc_reference_deleted();

-- A tag deleted or moved to another manifest: the manifest it pointed at.
CREATE FUNCTION gc_tag_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM gc_queue_manifest(OLD.repository_id, OLD.manifest_digest, 'tag deleted');
    ELSIF OLD.manifest_digest <> NEW.manifest_digest THEN
        PERFORM gc_queue_manifest(OLD.repository_id, OLD.manifest_digest, 'tag moved');
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER gc_tag_changed AFTER UPDATE OR DELETE ON tags FOR EACH ROW EXECUTE FUNCTION gc_tag_changed();

-- A blob linked (pushed or mounted; reviewed after the delay in case no manifest ever names it) or unlinked.
CREATE FUNCTION gc_blob_link_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM gc_queue_blob(OLD.digest, 'blob unlinked');
    ELSE
        PERFORM gc_queue_blob(NEW.digest, 'blob linked');
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER gc_blob_link_changed AFTER INSERT OR UPDATE OR DELETE ON blob_links FOR EACH ROW EXECUTE FUNCTION gc_blob_link_changed();
