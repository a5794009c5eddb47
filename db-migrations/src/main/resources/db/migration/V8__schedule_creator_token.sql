-- A schedule fires only while the API token of whoever created (or last resumed) it is valid; when
-- it is not, the schedule pauses itself and says why. NULL: created with a JWT (no Tern token).
ALTER TABLE schedules ADD COLUMN creator_token_id BIGINT;
ALTER TABLE schedules ADD COLUMN paused_reason VARCHAR(500);
