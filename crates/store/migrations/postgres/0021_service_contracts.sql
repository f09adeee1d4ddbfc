-- M9, issue 8: a service may need the organization to have a contract of one kind in force
-- with its agency; the decision refuses without it. NULL: none needed.
ALTER TABLE online_services ADD COLUMN contract_kind TEXT
    CHECK (contract_kind IN ('training', 'sae-ppe', 'billing'));
