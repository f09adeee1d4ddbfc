-- Issue 20: the OpenID Connect provider.
--
-- Its signing keys (ES256): the private scalar sealed under data/secrets/seal.key, bound to
-- the key's id, so a copy of the database alone signs nothing. One key signs at a time (the
-- newest not retired); a retired key stays in the JWKS for an hour after `retired_at`. They
-- live in the database rather than in files so that `mandat admin keys rotate`, run as its
-- own process, reaches every process serving from the same database at once.
CREATE TABLE signing_keys (
    kid        TEXT PRIMARY KEY,
    sealed     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    retired_at BIGINT
);

-- The clients agencies register, each for one online service of its catalog. Addresses are
-- one per line, matched exactly. A secret is kept as its SHA-256 digest (it is 256 random
-- bits); a private_key_jwt client keeps its public keys (JWKS) instead.
CREATE TABLE oidc_clients (
    id            TEXT PRIMARY KEY,
    agency_id     TEXT NOT NULL REFERENCES agencies (id),
    service_id    TEXT NOT NULL REFERENCES online_services (id),
    name          TEXT NOT NULL,
    redirect_uris TEXT NOT NULL,
    logout_uris   TEXT NOT NULL,
    auth_method   TEXT NOT NULL,
    secret_digest TEXT,
    jwks          TEXT,
    created_at    BIGINT NOT NULL,
    disabled_at   BIGINT
);
CREATE INDEX oidc_clients_by_service ON oidc_clients (service_id);
CREATE INDEX oidc_clients_by_agency ON oidc_clients (agency_id);

-- An authorization request, from the client's redirect to Mandat until its code is redeemed
-- and as long as its refresh tokens live. The browser that started it holds a cookie whose
-- digest is kept here; the code, once issued, is kept as its digest, valid two minutes,
-- redeemed once. Who signed in, with which session, for which organization, and the `mandat`
-- claim at issue are set when the code is issued. `interactive` is false for `prompt=none`. `ended_at` ends it and every token of it:
-- a code presented twice, a refresh token presented after its rotation, a sign-out.
CREATE TABLE oidc_authorizations (
    id             TEXT PRIMARY KEY,
    browser_digest TEXT NOT NULL UNIQUE,
    client_id      TEXT NOT NULL REFERENCES oidc_clients (id),
    redirect_uri   TEXT NOT NULL,
    scope          TEXT NOT NULL,
    state          TEXT,
    nonce          TEXT,
    code_challenge TEXT NOT NULL,
    max_age        BIGINT,
    login_after    BIGINT,
    interactive    BOOLEAN NOT NULL,
    lang           TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    account_id     TEXT REFERENCES accounts (id),
    session_digest TEXT,
    auth_time      BIGINT,
    org_id         TEXT REFERENCES organizations (id),
    claims         TEXT,
    code_digest    TEXT UNIQUE,
    code_issued_at BIGINT,
    code_used_at   BIGINT,
    ended_at       BIGINT
);
CREATE INDEX oidc_authorizations_by_session ON oidc_authorizations (session_digest);

-- Refresh tokens, as digests: each is used once, then `rotated_at` is set and a new one
-- issued; one presented again ends its authorization (RFC 9700 §4.14.2).
CREATE TABLE oidc_refresh_tokens (
    digest           TEXT PRIMARY KEY,
    authorization_id TEXT NOT NULL REFERENCES oidc_authorizations (id),
    issued_at        BIGINT NOT NULL,
    rotated_at       BIGINT
);
CREATE INDEX oidc_refresh_tokens_by_authorization ON oidc_refresh_tokens (authorization_id);

-- The `jti` of each client assertion accepted (private_key_jwt), until it expires: one
-- presented twice is refused (RFC 7523 §3).
CREATE TABLE oidc_assertions (
    client_id  TEXT NOT NULL REFERENCES oidc_clients (id),
    jti        TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (client_id, jti)
);
