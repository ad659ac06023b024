-- Gantry registry metadata (dev.gantry.registry.metadata.MetadataStore) in PostgreSQL.
-- Bytes (blobs, manifests' own bytes, upload data) stay in the storage driver; these are records.
-- Text that is paged or compared uses COLLATE "C" (byte order, as String.compareTo for ASCII names).

CREATE TABLE repositories (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL UNIQUE,
    -- Catalog order is distribution's: '/' before every other character ("a/b" before "a-c").
    -- E'\x01' sorts below every character a repository name may hold, so byte order of this key is catalog order.
    catalog_key TEXT COLLATE "C" GENERATED ALWAYS AS (translate(name, '/', E'\x01')) STORED
);
CREATE UNIQUE INDEX repositories_catalog ON repositories (catalog_key);

-- Blob-to-repository links: the repository holds the blob whose bytes are in the shared blob store.
CREATE TABLE blob_links (
    repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    digest        TEXT COLLATE "C" NOT NULL,
    linked_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (repository_id, digest)
);

CREATE TABLE manifests (
    repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    digest        TEXT COLLATE "C" NOT NULL,
    media_type    TEXT NOT NULL,
    subject       TEXT COLLATE "C",
    linked_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (repository_id, digest)
);

-- What each manifest points at: config and layers, or an index's child manifests.
CREATE TABLE manifest_references (
    repository_id   BIGINT NOT NULL,
    manifest_digest TEXT COLLATE "C" NOT NULL,
    digest          TEXT COLLATE "C" NOT NULL,
    media_type      TEXT NOT NULL,
    size            BIGINT NOT NULL,
    PRIMARY KEY (repository_id, manifest_digest, digest),
    FOREIGN KEY (repository_id, manifest_digest) REFERENCES manifests (repository_id, digest) ON DELETE CASCADE
);
-- "Who references this blob or manifest?" (garbage collection's question) without a scan.
CREATE INDEX manifest_references_target ON manifest_references (repository_id, digest);

-- A tag points at a manifest of its repository; deleting the manifest deletes its tags.
CREATE TABLE tags (
    repository_id   BIGINT NOT NULL,
    name            TEXT COLLATE "C" NOT NULL,
    manifest_digest TEXT COLLATE "C" NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (repository_id, name),
    FOREIGN KEY (repository_id, manifest_digest) REFERENCES manifests (repository_id, digest) ON DELETE CASCADE
);
CREATE INDEX tags_manifest ON tags (repository_id, manifest_digest);

-- The referrers index: subject -> the descriptor the referrers API lists for each referrer.
-- The subject need not exist; the referrer is a manifest of the repository.
CREATE TABLE referrers (
    repository_id   BIGINT NOT NULL,
    subject         TEXT COLLATE "C" NOT NULL,
    referrer_digest TEXT COLLATE "C" NOT NULL,
    artifact_type   TEXT,
    descriptor      BYTEA NOT NULL,
    PRIMARY KEY (repository_id, subject, referrer_digest),
    FOREIGN KEY (repository_id, referrer_digest) REFERENCES manifests (repository_id, digest) ON DELETE CASCADE
);
CREATE INDEX referrers_manifest ON referrers (repository_id, referrer_digest);

-- Open upload sessions with the running hash state last saved (core's HashState.toBytes()).
CREATE TABLE uploads (
    repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    id            TEXT COLLATE "C" NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL,
    hash_state    BYTEA,
    PRIMARY KEY (repository_id, id)
);
