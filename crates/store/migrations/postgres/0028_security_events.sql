-- Issue 21: revocation events. A change that takes away what an agency's services rely on
-- (a code deactivated, a procuration or a holder withdrawn or ended, an enrollment leaving
-- « Actif », a contract ended) raises, in its own transaction, one event per agency
-- concerned: its jti, what it says (kind and reason codes), and whom it is about, as that
-- agency knows them (the pairwise subject, the organization). The Security Event Token is
-- signed from this row when it is delivered.
CREATE TABLE security_events (
    id             TEXT PRIMARY KEY,
    agency_id      TEXT NOT NULL REFERENCES agencies (id),
    kind           TEXT NOT NULL,
    reason         TEXT NOT NULL,
    subject        TEXT,
    org_id         TEXT REFERENCES organizations (id),
    procuration_id TEXT REFERENCES procurations (id),
    created_at     BIGINT NOT NULL
);
CREATE INDEX security_events_by_agency ON security_events (agency_id, created_at);

-- Where an agency receives its events: pushed to its endpoint (RFC 8935), with an
-- Authorization header of its choosing kept sealed, or polled (RFC 8936) by one of its
-- clients; the client is the events' audience either way.
CREATE TABLE event_receivers (
    id            TEXT PRIMARY KEY,
    agency_id     TEXT NOT NULL REFERENCES agencies (id),
    client_id     TEXT NOT NULL REFERENCES oidc_clients (id),
    method        TEXT NOT NULL CHECK (method IN ('push', 'poll')),
    endpoint      TEXT,
    auth_header   TEXT,
    created_by    TEXT REFERENCES accounts (id),
    created_at    BIGINT NOT NULL,
    disabled_at   BIGINT,
    CHECK ((method = 'push') = (endpoint IS NOT NULL))
);
CREATE INDEX event_receivers_by_agency ON event_receivers (agency_id);

-- Each event once per receiver enabled when it was raised: pending until pushed (or, for
-- polling, acknowledged), then delivered; failed when the receiver refused it or the
-- attempts ran out.
CREATE TABLE event_deliveries (
    event_id        TEXT NOT NULL REFERENCES security_events (id),
    receiver_id     TEXT NOT NULL REFERENCES event_receivers (id),
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL,
    last_error      TEXT,
    last_attempt_at BIGINT,
    delivered_at    BIGINT,
    PRIMARY KEY (event_id, receiver_id)
);
CREATE INDEX event_deliveries_by_receiver ON event_deliveries (receiver_id, state, event_id);

-- The agencies that know a person, found from the person when their code is deactivated.
CREATE INDEX oidc_subjects_by_account ON oidc_subjects (account_id);

-- The endings the daily job has told, each once: a procuration's last day, a contract's.
CREATE TABLE told_endings (
    kind    TEXT NOT NULL,
    id      TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    PRIMARY KEY (kind, id, ends_on)
);
