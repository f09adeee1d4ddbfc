-- E4: an agency's own states of an enrollment request, beyond « En traitement », « Actif »
-- and « Refusé », each with the meaning shown to officers.
CREATE TABLE enrollment_states (
    agency_id  TEXT NOT NULL REFERENCES agencies (id),
    code       TEXT NOT NULL,
    name_fr    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    meaning_fr TEXT NOT NULL,
    meaning_en TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (agency_id, code)
);
