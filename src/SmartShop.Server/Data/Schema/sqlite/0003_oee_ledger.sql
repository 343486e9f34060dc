-- The machine grain's ledger state (open interval, counters, pending stop pieces) as JSON, written in the same
-- transaction as the intervals it settled, so a crash can neither lose a counted part nor count one twice.
CREATE TABLE machine_ledger (
    machine_id   TEXT    PRIMARY KEY,
    payload      TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    updated_at   TEXT    NOT NULL
);

-- The ISO 22400 time ledger: closed intervals of one state, job, calendar period and stop. Times are Unix
-- milliseconds (UTC) so both providers compare and sum them the same way.
CREATE TABLE oee_interval (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    machine_id       TEXT    NOT NULL,
    start_ms         INTEGER NOT NULL,
    end_ms           INTEGER NOT NULL,
    state            INTEGER NOT NULL,
    element          INTEGER NOT NULL,
    calendar         INTEGER NOT NULL,
    shift_id         TEXT    NULL,
    production_day   TEXT    NOT NULL,
    order_id         TEXT    NULL,
    product_id       TEXT    NULL,
    ideal_cycle_ms   INTEGER NULL,
    stop_id          INTEGER NULL,
    stop_start       INTEGER NOT NULL,
    micro_stop       INTEGER NOT NULL,
    good             INTEGER NOT NULL,
    scrap            INTEGER NOT NULL
);
CREATE INDEX ix_oee_interval_machine_start ON oee_interval (machine_id, start_ms);
CREATE INDEX ix_oee_interval_day ON oee_interval (production_day, machine_id);

-- Stops (downtime events), one row per machine and stop, updated when the stop ends or its reason becomes known.
CREATE TABLE downtime_event (
    machine_id     TEXT    NOT NULL,
    stop_id        INTEGER NOT NULL,
    start_ms       INTEGER NOT NULL,
    end_ms         INTEGER NULL,
    state          INTEGER NOT NULL,
    order_id       TEXT    NULL,
    micro_stop     INTEGER NOT NULL,
    plc_code       INTEGER NULL,
    PRIMARY KEY (machine_id, stop_id)
);
CREATE INDEX ix_downtime_event_start ON downtime_event (start_ms);
