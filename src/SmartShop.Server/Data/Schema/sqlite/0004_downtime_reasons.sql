-- The reason ledger of stops (OEE.md rule 7): every classification or split of a stop is a new row saying who, when,
-- the part's reason before and after, and why. Rows are only ever appended. A stop's parts and their current reasons
-- are derived from its rows in seq order, so the stop's OEE intervals (oee_interval, keyed by stop_id) are never
-- rewritten: a split stores only its boundary and the reason of the part after it. Times are Unix milliseconds.
CREATE TABLE downtime_reason_change (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    machine_id      TEXT    NOT NULL,
    stop_id         INTEGER NOT NULL,
    seq             INTEGER NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('classify', 'split')),
    part            INTEGER NOT NULL CHECK (part >= 0),
    split_at_ms     INTEGER NULL,
    old_reason_id   TEXT    NULL,
    old_source      TEXT    NOT NULL CHECK (old_source IN ('none', 'plc', 'manual')),
    new_reason_id   TEXT    NOT NULL,
    changed_at_ms   INTEGER NOT NULL,
    changed_by      TEXT    NOT NULL,
    why             TEXT    NOT NULL,
    CHECK ((kind = 'split') = (split_at_ms IS NOT NULL)),
    FOREIGN KEY (machine_id, stop_id) REFERENCES downtime_event (machine_id, stop_id)
);
-- One number per entry and stop: of two concurrent changes to a stop, the second insert fails and is decided again.
CREATE UNIQUE INDEX ux_downtime_reason_change_seq ON downtime_reason_change (machine_id, stop_id, seq);
