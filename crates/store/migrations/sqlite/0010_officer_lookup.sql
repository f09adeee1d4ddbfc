-- Reading an organization of 20,000 people fast (M3, M15, M22, M24). Officers are found
-- from their profile, not by reading every person; open registration codes from their
-- state; and the security file reads names and codes from the indexes alone.
CREATE INDEX person_profiles_by_profile ON person_profiles (profile, person_id);
CREATE INDEX registration_codes_open ON registration_codes (state, person_id, issued_at);
CREATE INDEX people_by_org ON people (org_id, last_name, first_name, id);
CREATE INDEX accounts_in_file ON accounts (person_id, active, user_code, expires_on, id);
