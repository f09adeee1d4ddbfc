-- Issue 21: how many access evaluations each agency's client asked, by day, allowed and
-- denied. Added to in batches off the request's path (an evaluation itself writes nothing);
-- the agency and central read them beside the clients.
CREATE TABLE evaluation_counts (
    client_id TEXT NOT NULL REFERENCES oidc_clients (id),
    day       TEXT NOT NULL,
    allowed   BIGINT NOT NULL,
    denied    BIGINT NOT NULL,
    PRIMARY KEY (client_id, day)
);
