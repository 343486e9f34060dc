-- Traceability. Lots of material (received from suppliers, or made by splitting and merging lots), the units an
-- order produced (by serial number, with who, where, when and the process values at that moment), the containers they
-- are packed in (case -> pallet), and the genealogy: which lot went into which unit or lot, how much, when, by whom.
-- Quantities are decimal text (exact). Times are Unix milliseconds.
CREATE TABLE material_lot (
    id             TEXT    PRIMARY KEY,
    material       TEXT    NOT NULL,
    quantity       TEXT    NOT NULL,
    remaining      TEXT    NOT NULL,
    unit           TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('released', 'quarantined', 'blocked', 'consumed')),
    origin         TEXT    NOT NULL CHECK (origin IN ('received', 'split', 'merge')),
    supplier       TEXT    NULL,
    supplier_lot   TEXT    NULL,
    created_at_ms  INTEGER NOT NULL,
    created_by     TEXT    NOT NULL,
    version        INTEGER NOT NULL
);
CREATE INDEX ix_material_lot_material ON material_lot (material);

CREATE TABLE container (
    id             TEXT    PRIMARY KEY,
    kind           TEXT    NOT NULL CHECK (kind IN ('case', 'pallet')),
    parent_id      TEXT    NULL REFERENCES container (id),
    created_at_ms  INTEGER NOT NULL,
    created_by     TEXT    NOT NULL
);
CREATE INDEX ix_container_parent ON container (parent_id);

CREATE TABLE produced_unit (
    serial          TEXT    PRIMARY KEY,
    order_id        TEXT    NOT NULL REFERENCES work_order (id),
    product         TEXT    NOT NULL,
    operation_seq   INTEGER NULL,
    machine_id      TEXT    NULL,
    operator        TEXT    NOT NULL,
    produced_at_ms  INTEGER NOT NULL,
    quality         TEXT    NOT NULL CHECK (quality IN ('good', 'scrap')),
    scrap_reason    TEXT    NULL,
    process_values  TEXT    NULL,
    container_id    TEXT    NULL REFERENCES container (id)
);
CREATE INDEX ix_produced_unit_order ON produced_unit (order_id, produced_at_ms);
CREATE INDEX ix_produced_unit_container ON produced_unit (container_id);

-- kind consume: source_lot went into a unit (target_kind 'unit') at production; split / merge: into another lot.
CREATE TABLE genealogy_link (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT    NOT NULL CHECK (kind IN ('consume', 'split', 'merge')),
    source_lot     TEXT    NOT NULL REFERENCES material_lot (id),
    target_kind    TEXT    NOT NULL CHECK (target_kind IN ('unit', 'lot')),
    target_id      TEXT    NOT NULL,
    quantity       TEXT    NOT NULL,
    unit           TEXT    NOT NULL,
    order_id       TEXT    NULL,
    operation_seq  INTEGER NULL,
    machine_id     TEXT    NULL,
    at_ms          INTEGER NOT NULL,
    by_user        TEXT    NOT NULL
);
CREATE INDEX ix_genealogy_source ON genealogy_link (source_lot);
CREATE INDEX ix_genealogy_target ON genealogy_link (target_kind, target_id);

-- Running numbers for generated codes, by scope (e.g. 'serial:WO-1001', 'lot:2026-11-22').
CREATE TABLE code_counter (
    scope  TEXT    PRIMARY KEY,
    next   INTEGER NOT NULL
);

-- Requests sent with an Idempotency-Key (terminals queue actions while offline and resend them): the first answer is
-- kept and given again to a repeat, so no action is applied twice.
CREATE TABLE idempotent_request (
    idem_key      TEXT    NOT NULL,
    user_name     TEXT    NOT NULL,
    method        TEXT    NOT NULL,
    path          TEXT    NOT NULL,
    status        INTEGER NULL,
    content_type  TEXT    NULL,
    body          BLOB    NULL,
    at_ms         INTEGER NOT NULL,
    PRIMARY KEY (user_name, idem_key)
);
