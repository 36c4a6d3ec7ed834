-- The bot's dialog state (botbuilder Storage): one JSON document per key, with the eTag of its last
-- write for optimistic concurrency. updated_at is the app's clock, so expiry follows the clock tests move.

CREATE TABLE bot_state (
  key text PRIMARY KEY,
  document jsonb NOT NULL,
  etag text NOT NULL,
  updated_at timestamptz NOT NULL
);

-- The expiry clean-up deletes by age.
CREATE INDEX bot_state_updated_at ON bot_state (updated_at);
