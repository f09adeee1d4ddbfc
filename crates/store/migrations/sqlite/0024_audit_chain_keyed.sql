-- Issue 19, item 7: the audit chain is keyed. From entry keyed_from on, each link is an
-- HMAC-SHA-256 under data/secrets/audit.key instead of a bare SHA-256; keyed_mark, an HMAC of
-- keyed_from under the same key, keeps anyone without the key from moving that point. Both
-- are set by the first start with the key (Store::key_audit_chain).
ALTER TABLE audit_head ADD COLUMN keyed_from BIGINT;
ALTER TABLE audit_head ADD COLUMN keyed_mark TEXT;
