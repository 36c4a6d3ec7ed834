-- The embedded partner organization (the data Partner Center would hold). Rules that the data itself
-- can carry are constraints here, so a bug in the service or a hand-edited row cannot break them.

CREATE TABLE organization (
  tenant_id text PRIMARY KEY,
  mpn_id text NOT NULL UNIQUE CHECK (mpn_id ~ '^[0-9]{6,10}$'),
  name text NOT NULL CHECK (name <> '')
);

CREATE TABLE directory_users (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES organization (tenant_id),
  aad_object_id text NOT NULL,
  display_name text NOT NULL CHECK (display_name <> ''),
  email text NOT NULL CHECK (email LIKE '_%@_%'),
  roles text[] NOT NULL DEFAULT '{}'
    CHECK (roles <@ ARRAY['GlobalAdmin', 'UserAdmin', 'AdminAgent', 'MpnPartnerAdmin']::text[]),
  UNIQUE (tenant_id, aad_object_id)
);

CREATE UNIQUE INDEX directory_users_email ON directory_users (tenant_id, lower(email));

CREATE TABLE offers (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES organization (tenant_id),
  kind text NOT NULL CHECK (kind IN ('ActionPack', 'Competency')),
  name text NOT NULL CHECK (name <> ''),
  level text CHECK (level IN ('Silver', 'Gold')),
  cloud boolean,
  purchase_date date NOT NULL,
  CHECK ((kind = 'ActionPack' AND level IS NULL AND cloud IS NULL)
      OR (kind = 'Competency' AND level IS NOT NULL AND cloud IS NOT NULL)),
  -- Target of the (offer_id, offer_kind) foreign keys below, which let CHECKs see the offer's kind.
  UNIQUE (id, kind)
);

-- One Action Pack per partner global account.
CREATE UNIQUE INDEX offers_one_action_pack ON offers (tenant_id) WHERE kind = 'ActionPack';

CREATE TABLE technical_benefits (
  id text PRIMARY KEY,
  offer_id text NOT NULL,
  offer_kind text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('ProductSupport', 'SignatureCloudSupport', 'AdvisoryHours', 'PresalesDeployment')),
  entitlement text NOT NULL CHECK (entitlement IN ('incidents', 'unlimited', 'onRequest')),
  incident_count integer CHECK (incident_count > 0),
  status text NOT NULL DEFAULT 'NotActivated' CHECK (status IN ('NotActivated', 'Pending', 'Active')),
  contact_user_id text REFERENCES directory_users (id),
  alternate_email text,
  access_id text UNIQUE,
  contract_id text UNIQUE,
  activated_by text REFERENCES directory_users (id),
  activation_requested_at timestamptz,
  expected_active_at timestamptz,
  activated_at timestamptz,
  FOREIGN KEY (offer_id, offer_kind) REFERENCES offers (id, kind),
  CHECK ((entitlement = 'incidents') = (incident_count IS NOT NULL)),
  -- Signature cloud support comes with competencies only.
  CHECK (kind <> 'SignatureCloudSupport' OR offer_kind = 'Competency'),
  CHECK (status <> 'NotActivated' OR (contact_user_id IS NULL AND access_id IS NULL AND contract_id IS NULL)),
  CHECK (status <> 'Pending' OR (contact_user_id IS NOT NULL AND alternate_email IS NOT NULL AND activated_by IS NOT NULL
      AND expected_active_at IS NOT NULL AND access_id IS NULL AND contract_id IS NULL)),
  CHECK (status <> 'Active' OR (access_id IS NOT NULL AND contract_id IS NOT NULL AND activated_at IS NOT NULL))
);

CREATE INDEX technical_benefits_pending ON technical_benefits (expected_active_at) WHERE status = 'Pending';

CREATE TABLE vs_subscriptions (
  id text PRIMARY KEY,
  offer_id text NOT NULL,
  offer_kind text NOT NULL,
  edition text NOT NULL CHECK (edition IN ('Professional', 'Enterprise')),
  assignee_user_id text REFERENCES directory_users (id),
  assigned_on date,
  FOREIGN KEY (offer_id, offer_kind) REFERENCES offers (id, kind),
  -- The Action Pack includes Visual Studio Professional only.
  CHECK (offer_kind <> 'ActionPack' OR edition = 'Professional'),
  CHECK ((assignee_user_id IS NULL) = (assigned_on IS NULL))
);

-- One Visual Studio subscription per user.
CREATE UNIQUE INDEX vs_subscriptions_one_per_assignee ON vs_subscriptions (assignee_user_id)
  WHERE assignee_user_id IS NOT NULL;

CREATE TABLE product_benefits (
  id text PRIMARY KEY,
  offer_id text NOT NULL REFERENCES offers (id),
  category text NOT NULL CHECK (category IN ('Software', 'Cloud')),
  name text NOT NULL CHECK (name <> ''),
  quantity text NOT NULL CHECK (quantity <> ''),
  activation text NOT NULL CHECK (activation IN ('GetKeys', 'AssignUser', 'LicenseBased'))
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL CHECK (action IN ('benefit.activationRequested', 'benefit.activated',
      'subscription.assigned', 'subscription.unassigned')),
  target_id text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'
);

-- A request id is claimed once: the same id again replays the stored result of the first change.
CREATE TABLE idempotency (
  request_id text PRIMARY KEY,
  actor_user_id text NOT NULL REFERENCES directory_users (id),
  operation text NOT NULL,
  request_hash text NOT NULL,
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
