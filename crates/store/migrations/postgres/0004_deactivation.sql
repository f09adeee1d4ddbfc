-- Why a user code was deactivated (M13's reasons, and the text of « Autre raison »).
ALTER TABLE accounts ADD COLUMN inactive_reason TEXT;
-- A step confirmed on the next page (a self-deactivation, M13), kept with the session.
ALTER TABLE sessions ADD COLUMN pending TEXT;
ALTER TABLE sessions ADD COLUMN pending_at BIGINT;
