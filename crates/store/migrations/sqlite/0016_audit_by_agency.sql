-- M12: an agency checks the transactions that concern it. An entry may now name an agency;
-- when it does, the agency is part of what the entry's hash covers.
ALTER TABLE audit_log ADD COLUMN agency_id TEXT REFERENCES agencies (id);
CREATE INDEX audit_log_by_agency ON audit_log (agency_id, seq);
