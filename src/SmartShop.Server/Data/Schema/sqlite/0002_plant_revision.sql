-- Every distinct plant file the server has run with, so figures can be traced to their configuration.
CREATE TABLE plant_revision (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256       TEXT    NOT NULL,
    source_file  TEXT    NOT NULL,
    content      TEXT    NOT NULL,
    loaded_at    TEXT    NOT NULL
);
CREATE INDEX ix_plant_revision_sha256 ON plant_revision (sha256);
