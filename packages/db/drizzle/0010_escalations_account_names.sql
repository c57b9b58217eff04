CREATE TABLE `escalations` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`login_id` text,
	`ticket_ref` text NOT NULL,
	`reason` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`opened_by` text NOT NULL,
	`opened_at` integer NOT NULL,
	`taken_by` text,
	`taken_at` integer,
	`closed_by` text,
	`closed_at` integer,
	`outcome` text,
	`outcome_note` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "escalations_reason_check" CHECK("escalations"."reason" IN ('suspicious_activity', 'identity_check_overdue', 'identity_check_rejected', 'terms_violation', 'other')),
	CONSTRAINT "escalations_status_check" CHECK("escalations"."status" IN ('open', 'taken', 'closed')),
	CONSTRAINT "escalations_outcome_check" CHECK("escalations"."outcome" IN ('fixed', 'declined', 'no_action_needed'))
);
--> statement-breakpoint
CREATE INDEX `escalations_status_opened_idx` ON `escalations` (`status`,`opened_at`);--> statement-breakpoint
CREATE INDEX `escalations_account_idx` ON `escalations` (`account_id`,`opened_at`);--> statement-breakpoint
-- SQLite cannot change a CHECK in place: audit_events is rebuilt to accept the escalation
-- actions, the way 0009 did (see there). Inside the migration's transaction `foreign_keys=OFF` would be
-- ignored, and dropping a table that reactivation_reviews still points at fails: the reviews
-- are set aside while audit_events is rebuilt, then put back, row for row. Dropping
-- audit_events drops its append-only triggers (before its implicit delete, so they cannot
-- fire): they are created again below, unchanged.
CREATE TEMP TABLE `__reviews_aside` AS SELECT * FROM `reactivation_reviews`;--> statement-breakpoint
DELETE FROM `reactivation_reviews`;--> statement-breakpoint
CREATE TABLE `__new_audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`staff_id` text NOT NULL,
	`action` text NOT NULL,
	`account_id` text,
	`login_id` text,
	`ticket_ref` text,
	`verification_id` text,
	`outcome` text NOT NULL,
	`reason` text,
	`details` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	CONSTRAINT "audit_action_check" CHECK("__new_audit_events"."action" IN ('auth.login', 'auth.logout', 'verification.send_code', 'verification.check', 'account.reactivate', 'login.detach_team_member', 'login.unlock', 'login.send_password_reset', 'block.lift', 'identity_check.decide', 'review.mark', 'staff.create', 'staff.set_role', 'staff.disable', 'auth.second_factor', 'auth.step_up', 'staff.factor_add', 'staff.factor_remove', 'staff.factors_reset', 'webhook.create', 'webhook.update', 'webhook.rotate_secret', 'webhook.send_test', 'webhook.replay', 'webhook.auto_disable', 'escalation.open', 'escalation.take', 'escalation.close', 'job.dunning', 'job.lockout_expiry', 'job.purge')),
	CONSTRAINT "audit_outcome_check" CHECK("__new_audit_events"."outcome" IN ('succeeded', 'refused', 'passed', 'failed', 'locked'))
);
--> statement-breakpoint
INSERT INTO `__new_audit_events`("id", "at", "staff_id", "action", "account_id", "login_id", "ticket_ref", "verification_id", "outcome", "reason", "details", "prev_hash", "hash") SELECT "id", "at", "staff_id", "action", "account_id", "login_id", "ticket_ref", "verification_id", "outcome", "reason", "details", "prev_hash", "hash" FROM `audit_events`;--> statement-breakpoint
DROP TABLE `audit_events`;--> statement-breakpoint
ALTER TABLE `__new_audit_events` RENAME TO `audit_events`;--> statement-breakpoint
CREATE INDEX `audit_staff_id_idx` ON `audit_events` (`staff_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_action_id_idx` ON `audit_events` (`action`,`id`);--> statement-breakpoint
CREATE INDEX `audit_account_id_idx` ON `audit_events` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_events` (`at`);--> statement-breakpoint
-- The append-only triggers of 0001 and 0005, as they were.
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events`
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_events_no_delete` BEFORE DELETE ON `audit_events`
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused');
END;
--> statement-breakpoint
-- `INSERT OR REPLACE` deletes the row it replaces without firing DELETE triggers (SQLite fires
-- them for REPLACE only with recursive_triggers on): refuse any insert that reuses an event id,
-- so no path removes or replaces an audit row. Upserts hit the UPDATE trigger already.
CREATE TRIGGER `audit_events_no_replace` BEFORE INSERT ON `audit_events`
WHEN EXISTS (SELECT 1 FROM `audit_events` WHERE `id` = NEW.`id`)
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: an insert may not replace an event');
END;
--> statement-breakpoint
INSERT INTO `reactivation_reviews` SELECT * FROM `__reviews_aside`;--> statement-breakpoint
DROP TABLE `__reviews_aside`;--> statement-breakpoint
-- New columns of accounts: added in place (a rebuild of accounts would copy every account and
-- every table pointing at it); the language CHECK sits on the column, same name and rule.
ALTER TABLE `accounts` ADD `display_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `accounts` ADD `time_zone` text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE `accounts` ADD `language` text DEFAULT 'en' NOT NULL CONSTRAINT "accounts_language_check" CHECK(`language` IN ('en', 'fr'));