-- Work orders (ISA-95 shaped): what to make, how many, by when, on which lines or machines (operations) and from
-- which components (materials, the bill of materials). Their history (who released, paused, closed, with which
-- signature) is the audit trail (entity_type 'work-order'). version guards against two writers: an update names the
-- version it read.
CREATE TABLE work_order (
    id               text           PRIMARY KEY,
    product          text           NOT NULL,
    quantity         numeric(18, 6) NOT NULL,
    unit             text           NOT NULL,
    due_at_ms        bigint         NULL,
    priority         integer        NOT NULL CHECK (priority BETWEEN 1 AND 9),
    description      text           NULL,
    status           text           NOT NULL CHECK (status IN ('created', 'released', 'running', 'paused', 'completed', 'closed', 'cancelled')),
    version          integer        NOT NULL,
    created_at_ms    bigint         NOT NULL,
    created_by       text           NOT NULL,
    updated_at_ms    bigint         NOT NULL,
    released_at_ms   bigint         NULL,
    started_at_ms    bigint         NULL,
    completed_at_ms  bigint         NULL,
    closed_at_ms     bigint         NULL,
    cancelled_at_ms  bigint         NULL
);
CREATE INDEX ix_work_order_status ON work_order (status, due_at_ms);

CREATE TABLE work_order_operation (
    order_id    text     NOT NULL REFERENCES work_order (id),
    seq         integer  NOT NULL,
    name        text     NOT NULL,
    line_id     text     NULL,
    machine_id  text     NULL,
    PRIMARY KEY (order_id, seq),
    CHECK ((line_id IS NULL) <> (machine_id IS NULL))
);
CREATE INDEX ix_work_order_operation_line ON work_order_operation (line_id);
CREATE INDEX ix_work_order_operation_machine ON work_order_operation (machine_id);

CREATE TABLE work_order_material (
    order_id           text           NOT NULL REFERENCES work_order (id),
    line_no            integer        NOT NULL,
    material           text           NOT NULL,
    quantity_per_unit  numeric(18, 6) NOT NULL,
    unit               text           NOT NULL,
    operation_seq      integer        NULL,
    PRIMARY KEY (order_id, line_no)
);
