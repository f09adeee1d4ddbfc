-- P6: a procuration the mandant grants to another organization (the mandataire), which its
-- officers accept or decline. Until they answer, `answer` is NULL.
CREATE TABLE external_procurations (
    procuration_id TEXT PRIMARY KEY REFERENCES procurations (id),
    mandataire_id  TEXT NOT NULL REFERENCES organizations (id),
    answer         TEXT CHECK (answer IN ('accepted', 'declined')),
    answered_by    TEXT REFERENCES accounts (id),
    answered_at    BIGINT
);
CREATE INDEX external_procurations_by_mandataire ON external_procurations (mandataire_id);

-- A procuration the mandataire makes within an accepted external one, to assign to its own
-- people: the decision weighs both, so it never reaches beyond what the mandant granted.
ALTER TABLE procurations ADD COLUMN parent_id TEXT REFERENCES procurations (id);
CREATE INDEX procurations_by_parent ON procurations (parent_id);
