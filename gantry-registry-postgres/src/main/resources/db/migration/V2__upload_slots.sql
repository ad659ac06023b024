-- Upload slots shared by every node (dev.gantry.registry.metadata.UploadSlots): one row per
-- reservation or open session; busy counts requests in progress; last_seen ages idle sessions out.
CREATE TABLE upload_slots (
    key       TEXT COLLATE "C" PRIMARY KEY,
    last_seen TIMESTAMPTZ NOT NULL,
    busy      INTEGER NOT NULL DEFAULT 0
);
