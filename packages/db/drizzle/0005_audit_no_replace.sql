-- `INSERT OR REPLACE` deletes the row it replaces without firing DELETE triggers (SQLite fires
-- them for REPLACE only with recursive_triggers on): refuse any insert that reuses an event id,
-- so no path removes or replaces an audit row. Upserts hit the UPDATE trigger already.
CREATE TRIGGER `audit_events_no_replace` BEFORE INSERT ON `audit_events`
WHEN EXISTS (SELECT 1 FROM `audit_events` WHERE `id` = NEW.`id`)
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: an insert may not replace an event');
END;
--> statement-breakpoint
-- Signed checkpoints are append-only too.
CREATE TRIGGER `audit_checkpoints_no_update` BEFORE UPDATE ON `audit_checkpoints`
BEGIN
  SELECT RAISE(ABORT, 'audit_checkpoints is append-only: UPDATE refused');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_checkpoints_no_delete` BEFORE DELETE ON `audit_checkpoints`
BEGIN
  SELECT RAISE(ABORT, 'audit_checkpoints is append-only: DELETE refused');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_checkpoints_no_replace` BEFORE INSERT ON `audit_checkpoints`
WHEN EXISTS (
  SELECT 1 FROM `audit_checkpoints`
  WHERE `id` = NEW.`id` OR `last_event_id` = NEW.`last_event_id`
)
BEGIN
  SELECT RAISE(ABORT, 'audit_checkpoints is append-only: an insert may not replace a checkpoint');
END;
--> statement-breakpoint
-- Attempts recorded before the email was hashed held it as typed: they go (they only ever
-- served a 15-minute throttle and a 30-day retention).
DELETE FROM `sign_in_attempts` WHERE `email_hash` = '';
