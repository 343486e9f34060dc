-- Andon calls from stations (a machine or a line): for maintenance, quality or material; acknowledged and closed by
-- someone, escalated (level 1, 2, ...) while nobody acknowledges. Times are Unix milliseconds.
CREATE TABLE andon_call (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    station            TEXT    NOT NULL,
    kind               TEXT    NOT NULL CHECK (kind IN ('maintenance', 'quality', 'material')),
    note               TEXT    NULL,
    status             TEXT    NOT NULL CHECK (status IN ('open', 'acknowledged', 'closed')),
    level              INTEGER NOT NULL,
    raised_at_ms       INTEGER NOT NULL,
    raised_by          TEXT    NOT NULL,
    acknowledged_at_ms INTEGER NULL,
    acknowledged_by    TEXT    NULL,
    closed_at_ms       INTEGER NULL,
    closed_by          TEXT    NULL,
    resolution         TEXT    NULL,
    escalated_at_ms    INTEGER NULL
);
CREATE INDEX ix_andon_call_status ON andon_call (status, raised_at_ms);

-- Shift handover notes per station, with the shift they were written in (from the station's calendar).
CREATE TABLE handover_note (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    station         TEXT    NOT NULL,
    shift_id        TEXT    NULL,
    production_day  TEXT    NULL,
    text            TEXT    NOT NULL,
    written_at_ms   INTEGER NOT NULL,
    written_by      TEXT    NOT NULL
);
CREATE INDEX ix_handover_note_station ON handover_note (station, written_at_ms);
