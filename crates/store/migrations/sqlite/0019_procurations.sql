-- P1–P5: procurations, what each grants per agency, and who holds them. Withdrawn ones stay,
-- marked, for the history; the decision never reads them.
CREATE TABLE procurations (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organizations (id),
    name         TEXT NOT NULL,
    starts_on    TEXT,
    ends_on      TEXT NOT NULL,
    created_by   TEXT NOT NULL REFERENCES accounts (id),
    created_at   BIGINT NOT NULL,
    withdrawn_at BIGINT,
    CHECK (starts_on IS NULL OR starts_on <= ends_on)
);
CREATE INDEX procurations_by_org ON procurations (org_id, created_at);

-- Per agency: all its tasks, even those it adds later (« accès sans restriction »), or only
-- the tasks listed in procuration_tasks (« accès avec restriction »).
CREATE TABLE procuration_agencies (
    procuration_id TEXT NOT NULL REFERENCES procurations (id),
    agency_id      TEXT NOT NULL REFERENCES agencies (id),
    unrestricted   INTEGER NOT NULL CHECK (unrestricted IN (0, 1)),
    PRIMARY KEY (procuration_id, agency_id)
);

CREATE TABLE procuration_tasks (
    procuration_id TEXT NOT NULL,
    agency_id      TEXT NOT NULL,
    task_id        TEXT NOT NULL REFERENCES service_tasks (id),
    PRIMARY KEY (procuration_id, agency_id, task_id),
    FOREIGN KEY (procuration_id, agency_id)
        REFERENCES procuration_agencies (procuration_id, agency_id)
);

-- Who holds a procuration (P4: one procuration, many people); at most one current assignment
-- per person and procuration.
CREATE TABLE assignments (
    id             TEXT PRIMARY KEY,
    procuration_id TEXT NOT NULL REFERENCES procurations (id),
    person_id      TEXT NOT NULL REFERENCES people (id),
    assigned_by    TEXT NOT NULL REFERENCES accounts (id),
    assigned_at    BIGINT NOT NULL,
    withdrawn_at   BIGINT
);
CREATE UNIQUE INDEX assignments_current ON assignments (procuration_id, person_id)
    WHERE withdrawn_at IS NULL;
CREATE INDEX assignments_by_person ON assignments (person_id) WHERE withdrawn_at IS NULL;

-- The officers' notices before a procuration ends (30 and 7 days), each sent once per end
-- date: extending it to a new date brings new notices.
CREATE TABLE procuration_notices (
    procuration_id TEXT NOT NULL REFERENCES procurations (id),
    ends_on        TEXT NOT NULL,
    days           INTEGER NOT NULL,
    sent_at        BIGINT NOT NULL,
    PRIMARY KEY (procuration_id, ends_on, days)
);
CREATE INDEX procurations_by_end ON procurations (ends_on) WHERE withdrawn_at IS NULL;
