-- Links to a user's renewal-window calendar file: an unguessable token stands for (user, offer, language),
-- so the .ics URL can be opened from a card without any sign-in and is re-authorized on every download.
CREATE TABLE calendar_links (
  token text PRIMARY KEY,
  tenant_id text NOT NULL,
  aad_object_id text NOT NULL,
  offer_id text NOT NULL,
  language text NOT NULL CHECK (language IN ('en', 'fr')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, aad_object_id, offer_id, language)
);
