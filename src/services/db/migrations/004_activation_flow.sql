-- Issue 14: the current activation flow (000, 004) is "select the benefit, press Activate"; a contact user and an
-- alternate e-mail are asked only for partner advisory hours (the 2018 request form, 001), and that address must
-- differ from the company's dashboard account e-mail, which the organization now records.

ALTER TABLE organization ADD COLUMN account_email text;

-- Existing organizations: the account was opened by a Global admin; the earliest one stands in for it.
UPDATE organization o SET account_email = coalesce(
  (SELECT u.email FROM directory_users u WHERE u.tenant_id = o.tenant_id AND 'GlobalAdmin' = ANY (u.roles) ORDER BY u.id LIMIT 1),
  (SELECT u.email FROM directory_users u WHERE u.tenant_id = o.tenant_id ORDER BY u.id LIMIT 1),
  'account-' || o.mpn_id || '@invalid.example');

ALTER TABLE organization ALTER COLUMN account_email SET NOT NULL;

-- The Pending rule of 001 required a contact and an alternate e-mail on every benefit; drop it by its definition
-- (its name was generated) and state the new rules. One line: migrate.ts splits on semicolons that end a line.
DO $$ DECLARE c record; BEGIN FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'technical_benefits'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%alternate_email IS NOT NULL%' LOOP EXECUTE format('ALTER TABLE technical_benefits DROP CONSTRAINT %I', c.conname); END LOOP; END $$;

ALTER TABLE technical_benefits ADD CONSTRAINT technical_benefits_pending CHECK (status <> 'Pending' OR
  (activated_by IS NOT NULL AND expected_active_at IS NOT NULL AND access_id IS NULL AND contract_id IS NULL));

ALTER TABLE technical_benefits ADD CONSTRAINT technical_benefits_contact_pair CHECK
  ((contact_user_id IS NULL) = (alternate_email IS NULL));

ALTER TABLE technical_benefits ADD CONSTRAINT technical_benefits_advisory_contact CHECK
  (kind <> 'AdvisoryHours' OR status = 'NotActivated' OR contact_user_id IS NOT NULL);

-- The sources do not limit a person to one Visual Studio subscription ("licensed per user" is one person per
-- subscription), so the index 001 created for that rule goes.
DROP INDEX vs_subscriptions_one_per_assignee;
