-- The bot's own state for proactive messages: where to reach each user, who asked for renewal
-- reminders, which reminders went out (the primary key is the exactly-once claim), job positions.

CREATE TABLE conversation_refs (
  tenant_id text NOT NULL,
  aad_object_id text NOT NULL,
  locale text,
  reference jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, aad_object_id)
);

CREATE TABLE reminder_optins (
  tenant_id text NOT NULL,
  aad_object_id text NOT NULL,
  offer_id text NOT NULL,
  locale text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, aad_object_id, offer_id)
);

CREATE TABLE reminders_sent (
  tenant_id text NOT NULL,
  aad_object_id text NOT NULL,
  offer_id text NOT NULL,
  window_start date NOT NULL,
  days_before integer NOT NULL CHECK (days_before > 0),
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, aad_object_id, offer_id, window_start, days_before)
);

CREATE TABLE job_cursors (
  name text PRIMARY KEY,
  position bigint NOT NULL
);
