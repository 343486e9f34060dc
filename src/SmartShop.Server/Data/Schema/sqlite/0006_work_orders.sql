-- Work orders (ISA-95 shaped): what to make, how many, by when, on which lines or machines (operations) and from
-- which components (materials, the bill of materials). Their history (who released, paused, closed, with which
-- signature) is the audit trail (entity_type 'work-order'). version guards against two writers: an update names the
-- version it read. quantity and quantity_per_unit are decimal text (exact; SQLite has no decimal type).
CREATE TABLE work_order (
    id               TEXT    PRIMARY KEY,
    product          TEXT    NOT NULL,
    quantity         TEXT    NOT NULL,
    unit             TEXT    NOT NULL,
    due_at_ms        INTEGER NULL,
    priority         INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 9),
    description      TEXT    NULL,
    status           TEXT    NOT NULL CHECK (status IN ('created', 'released', 'running', 'paused', 'completed', 'closed', 'cancelled')),
    version          INTEGER NOT NULL,
    created_at_ms    INTEGER NOT NULL,
    created_by       TEXT    NOT NULL,
    updated_at_ms    INTEGER NOT NULL,
    released_at_ms   INTEGER NULL,
    started_at_ms    INTEGER NULL,
    completed_at_ms  INTEGER NULL,
    closed_at_ms     INTEGER NULL,
    cancelled_at_ms  INTEGER NULL
);
CREATE INDEX ix_work_order_status ON work_order (status, due_at_ms);

CREATE TABLE work_order_operation (
    order_id    TEXT    NOT NULL REFERENCES work_order (id),
    seq         INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    line_id     TEXT    NULL,
    machine_id  TEXT    NULL,
    PRIMARY KEY (order_id, seq),
    CHECK ((line_id IS NULL) <> (machine_id IS NULL))
);
CREATE INDEX ix_work_order_operation_line ON work_order_operation (line_id);
CREATE INDEX ix_work_order_operation_machine ON work_order_operation (machine_id);

CREATE TABLE work_order_material (
    order_id           TEXT    NOT NULL REFERENCES work_order (id),
    line_no            INTEGER NOT NULL,
    material           TEXT    NOT NULL,
    quantity_per_unit  TEXT    NOT NULL,
    unit               TEXT    NOT NULL,
    operation_seq      INTEGER NULL,
    PRIMARY KEY (order_id, line_no)
);
