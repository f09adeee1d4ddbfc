-- no-transaction
-- Flags follow one convention (docs/ARCHITECTURE.md, « Flags »): BOOLEAN NOT NULL, written
-- as a bool and read back as a BIGINT. The two flags written as INTEGER with a check before
-- the convention was set become BOOLEAN. SQLite cannot change a column's type, so both tables
-- are rebuilt as its documentation says (« Making Other Kinds Of Table Schema Changes »), as
-- migration 0014 does: foreign keys off, one transaction, the keys checked before the commit.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE enrollment_fields_rebuilt (
    agency_id  TEXT NOT NULL REFERENCES agencies (id),
    code       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice', 'yes-no')),
    label_fr   TEXT NOT NULL,
    label_en   TEXT NOT NULL,
    help_fr    TEXT NOT NULL,
    help_en    TEXT NOT NULL,
    required   BOOLEAN NOT NULL,
    choices    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (agency_id, code)
);
INSERT INTO enrollment_fields_rebuilt (agency_id, code, kind, label_fr, label_en, help_fr,
    help_en, required, choices, created_at)
SELECT agency_id, code, kind, label_fr, label_en, help_fr, help_en, required <> 0, choices,
    created_at
FROM enrollment_fields;
DROP TABLE enrollment_fields;
ALTER TABLE enrollment_fields_rebuilt RENAME TO enrollment_fields;

CREATE TABLE procuration_agencies_rebuilt (
    procuration_id TEXT NOT NULL REFERENCES procurations (id),
    agency_id      TEXT NOT NULL REFERENCES agencies (id),
    unrestricted   BOOLEAN NOT NULL,
    PRIMARY KEY (procuration_id, agency_id)
);
INSERT INTO procuration_agencies_rebuilt (procuration_id, agency_id, unrestricted)
SELECT procuration_id, agency_id, unrestricted <> 0 FROM procuration_agencies;
DROP TABLE procuration_agencies;
ALTER TABLE procuration_agencies_rebuilt RENAME TO procuration_agencies;

-- Stops the migration, before the commit, if any row would name a row that is not there.
CREATE TEMP TABLE foreign_keys_hold (dangling INTEGER CHECK (dangling = 0));
INSERT INTO foreign_keys_hold SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE foreign_keys_hold;

COMMIT;
PRAGMA foreign_keys = ON;
