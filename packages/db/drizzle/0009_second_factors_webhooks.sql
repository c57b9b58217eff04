CREATE TABLE `staff_factors` (
	`id` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`totp_secret` text,
	`totp_last_step` integer,
	`credential_id` text,
	`public_key` text,
	`sign_count` integer DEFAULT 0 NOT NULL,
	`transports` text,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "staff_factors_kind_check" CHECK("staff_factors"."kind" IN ('totp', 'passkey'))
);
--> statement-breakpoint
CREATE INDEX `staff_factors_staff_idx` ON `staff_factors` (`staff_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `staff_factors_credential_uq` ON `staff_factors` (`credential_id`);--> statement-breakpoint
CREATE TABLE `staff_recovery_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_recovery_codes_staff_idx` ON `staff_recovery_codes` (`staff_id`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`endpoint_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_attempt_at` integer,
	`last_status_code` integer,
	`last_error` text,
	`last_duration_ms` integer,
	`delivered_at` integer,
	`created_at` integer NOT NULL,
	`replay_of` text,
	FOREIGN KEY (`event_id`) REFERENCES `webhook_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "webhook_deliveries_status_check" CHECK("webhook_deliveries"."status" IN ('pending', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_status_next_idx` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_endpoint_idx` ON `webhook_deliveries` (`endpoint_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_event_idx` ON `webhook_deliveries` (`event_id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_created_idx` ON `webhook_deliveries` (`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`event_types` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`disabled_reason` text,
	`secret` text NOT NULL,
	`previous_secret` text,
	`previous_secret_until` integer,
	`failing_since` integer,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "webhook_endpoints_disabled_reason_check" CHECK("webhook_endpoints"."disabled_reason" IN ('admin', 'failing'))
);
--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`audit_event_id` integer,
	CONSTRAINT "webhook_events_type_check" CHECK("webhook_events"."type" IN ('verification.passed', 'verification.failed', 'verification.locked', 'action.succeeded', 'action.refused', 'escalation.opened', 'escalation.closed', 'review.marked', 'webhook.test'))
);
--> statement-breakpoint
CREATE INDEX `webhook_events_created_idx` ON `webhook_events` (`created_at`);--> statement-breakpoint
-- SQLite cannot change a CHECK in place: audit_events and alerts are rebuilt to accept the new
-- audit actions and alert kind. Inside the migration's transaction `foreign_keys=OFF` would be
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
	CONSTRAINT "audit_action_check" CHECK("__new_audit_events"."action" IN ('auth.login', 'auth.logout', 'verification.send_code', 'verification.check', 'account.reactivate', 'login.detach_team_member', 'login.unlock', 'login.send_password_reset', 'block.lift', 'identity_check.decide', 'review.mark', 'staff.create', 'staff.set_role', 'staff.disable', 'auth.second_factor', 'auth.step_up', 'staff.factor_add', 'staff.factor_remove', 'staff.factors_reset', 'webhook.create', 'webhook.update', 'webhook.rotate_secret', 'webhook.send_test', 'webhook.replay', 'webhook.auto_disable', 'job.dunning', 'job.lockout_expiry', 'job.purge')),
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
CREATE TABLE `__new_alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`account_id` text,
	`staff_id` text,
	`webhook_endpoint_id` text,
	`raised_at` integer NOT NULL,
	`until` integer NOT NULL,
	`acknowledged_at` integer,
	`acknowledged_by` text,
	CONSTRAINT "alerts_kind_check" CHECK("__new_alerts"."kind" IN ('verification_locked', 'staff_throttled', 'webhook_endpoint_disabled'))
);
--> statement-breakpoint
INSERT INTO `__new_alerts`("id", "kind", "account_id", "staff_id", "raised_at", "until", "acknowledged_at", "acknowledged_by") SELECT "id", "kind", "account_id", "staff_id", "raised_at", "until", "acknowledged_at", "acknowledged_by" FROM `alerts`;--> statement-breakpoint
DROP TABLE `alerts`;--> statement-breakpoint
ALTER TABLE `__new_alerts` RENAME TO `alerts`;--> statement-breakpoint
CREATE INDEX `alerts_account_until_idx` ON `alerts` (`account_id`,`until`);--> statement-breakpoint
CREATE INDEX `alerts_staff_until_idx` ON `alerts` (`staff_id`,`until`);--> statement-breakpoint
CREATE INDEX `alerts_raised_idx` ON `alerts` (`raised_at`);--> statement-breakpoint
ALTER TABLE `staff_sessions` ADD `second_factor_pending` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `staff_sessions` ADD `second_factor_at` integer;--> statement-breakpoint
ALTER TABLE `staff_sessions` ADD `second_factor_method` text;--> statement-breakpoint
ALTER TABLE `staff_sessions` ADD `challenge` text;--> statement-breakpoint
ALTER TABLE `staff_sessions` ADD `challenge_expires_at` integer;--> statement-breakpoint
ALTER TABLE `staff_sessions` ADD `pending_totp_secret` text;