-- Flags follow one convention (docs/ARCHITECTURE.md, « Flags »): BOOLEAN NOT NULL, written
-- as a bool and read back as a BIGINT. The two flags written as INTEGER with a check before
-- the convention was set become BOOLEAN.
ALTER TABLE enrollment_fields DROP CONSTRAINT enrollment_fields_required_check;
ALTER TABLE enrollment_fields ALTER COLUMN required TYPE BOOLEAN USING required <> 0;
ALTER TABLE procuration_agencies DROP CONSTRAINT procuration_agencies_unrestricted_check;
ALTER TABLE procuration_agencies ALTER COLUMN unrestricted TYPE BOOLEAN USING unrestricted <> 0;
