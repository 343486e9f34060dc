-- People who sign in. user_name is stored lower-case (names are case-insensitive). Secrets are never stored:
-- password_hash and pin_hash are PBKDF2-SHA256 (format pbkdf2-sha256$iterations$salt$hash), badge_sha256 is the
-- SHA-256 of the badge code (a badge is possession, looked up by its hash). failed_sign_ins and locked_until_ms
-- throttle guessing (a 4-digit PIN is guessable otherwise). Roles: comma-separated operator, supervisor, quality,
-- manager, admin. Times are Unix milliseconds.
CREATE TABLE app_user (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_name        TEXT    NOT NULL,
    display_name     TEXT    NOT NULL,
    roles            TEXT    NOT NULL,
    password_hash    TEXT    NULL,
    pin_hash         TEXT    NULL,
    badge_sha256     TEXT    NULL,
    active           INTEGER NOT NULL CHECK (active IN (0, 1)),
    failed_sign_ins  INTEGER NOT NULL DEFAULT 0,
    locked_until_ms  INTEGER NULL,
    created_at_ms    INTEGER NOT NULL,
    updated_at_ms    INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_app_user_name ON app_user (user_name);
CREATE UNIQUE INDEX ux_app_user_badge ON app_user (badge_sha256);

-- The audit trail: every change of record (who, when, what, old -> new, why), with the electronic signature where
-- one was given. Append-only (the triggers refuse changes) and hash-chained: hash = SHA-256 over this entry's fields
-- and prev_hash, so a changed, removed or inserted entry breaks the chain at that point. seq is 1, 2, 3, ... without
-- gaps; the first entry's prev_hash is 64 zeros.
CREATE TABLE audit_entry (
    seq                INTEGER PRIMARY KEY,
    at_ms              INTEGER NOT NULL,
    user_name          TEXT    NOT NULL,
    action             TEXT    NOT NULL,
    entity_type        TEXT    NOT NULL,
    entity_id          TEXT    NOT NULL,
    old_value          TEXT    NULL,
    new_value          TEXT    NULL,
    why                TEXT    NULL,
    signed_by          TEXT    NULL,
    signature_meaning  TEXT    NULL,
    prev_hash          TEXT    NOT NULL,
    hash               TEXT    NOT NULL
);
CREATE INDEX ix_audit_entry_entity ON audit_entry (entity_type, entity_id, seq);
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only');
END;
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only');
END;
