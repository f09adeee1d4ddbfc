-- Failures per client address, in one-minute windows, so that every instance of Mandat
-- sees the same count (sign-in, second factor, registration).
CREATE TABLE rate_limits (
    key          TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
);
