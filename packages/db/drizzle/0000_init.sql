CREATE TABLE `audit_events` (
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
	CONSTRAINT "audit_action_check" CHECK("audit_events"."action" IN ('auth.login', 'auth.logout', 'verification.send_code', 'verification.check', 'account.reactivate', 'login.detach_team_member', 'login.unlock', 'login.send_password_reset', 'block.lift', 'identity_check.decide', 'review.mark', 'staff.create', 'staff.set_role', 'staff.disable', 'job.dunning', 'job.lockout_expiry', 'job.purge')),
	CONSTRAINT "audit_outcome_check" CHECK("audit_events"."outcome" IN ('succeeded', 'refused', 'passed', 'failed', 'locked'))
);
--> statement-breakpoint
CREATE INDEX `audit_staff_id_idx` ON `audit_events` (`staff_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_action_id_idx` ON `audit_events` (`action`,`id`);--> statement-breakpoint
CREATE INDEX `audit_account_id_idx` ON `audit_events` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_events` (`at`);--> statement-breakpoint
CREATE TABLE `reactivation_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_event_id` integer NOT NULL,
	`account_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`ticket_ref` text NOT NULL,
	`verification_id` text NOT NULL,
	`verification_method` text NOT NULL,
	`verified_at` integer NOT NULL,
	`deactivation_reason` text NOT NULL,
	`days_left` integer NOT NULL,
	`reactivated_at` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`reviewed_by` text,
	`reviewed_at` integer,
	`note` text,
	FOREIGN KEY (`audit_event_id`) REFERENCES `audit_events`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "reviews_status_check" CHECK("reactivation_reviews"."status" IN ('open', 'reviewed_ok', 'concern'))
);
--> statement-breakpoint
CREATE INDEX `reviews_status_at_idx` ON `reactivation_reviews` (`status`,`reactivated_at`);--> statement-breakpoint
CREATE INDEX `reviews_agent_idx` ON `reactivation_reviews` (`agent_id`,`reactivated_at`);--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`contact_email` text NOT NULL,
	`plan` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`trial_ends_at` integer,
	`balance_cents` integer DEFAULT 0 NOT NULL,
	`deactivated_at` integer,
	`deactivation_reason` text,
	`purge_after` integer,
	`payment_failed_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`contacts_count` integer DEFAULT 0 NOT NULL,
	`lists_count` integer DEFAULT 0 NOT NULL,
	`campaigns_count` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "accounts_plan_check" CHECK("accounts"."plan" IN ('free', 'trial', 'paid')),
	CONSTRAINT "accounts_status_check" CHECK("accounts"."status" IN ('active', 'limited', 'deactivated', 'purged')),
	CONSTRAINT "accounts_deactivation_consistent" CHECK(("accounts"."status" = 'deactivated') = ("accounts"."deactivated_at" IS NOT NULL AND "accounts"."deactivation_reason" IS NOT NULL AND "accounts"."purge_after" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `accounts_contact_email_idx` ON `accounts` (`contact_email`);--> statement-breakpoint
CREATE INDEX `accounts_status_purge_after_idx` ON `accounts` (`status`,`purge_after`);--> statement-breakpoint
CREATE INDEX `accounts_status_payment_failed_idx` ON `accounts` (`status`,`payment_failed_at`);--> statement-breakpoint
CREATE TABLE `billing_addresses` (
	`account_id` text PRIMARY KEY NOT NULL,
	`line1` text NOT NULL,
	`postal_code` text NOT NULL,
	`city` text NOT NULL,
	`country` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `blocks` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`placed_at` integer NOT NULL,
	`placed_by` text NOT NULL,
	`note` text,
	`customer_notified_at` integer,
	`lifted_at` integer,
	`lifted_by` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "blocks_kind_check" CHECK("blocks"."kind" IN ('identity_check_required', 'suspicious_activity', 'self_block'))
);
--> statement-breakpoint
CREATE INDEX `blocks_account_idx` ON `blocks` (`account_id`);--> statement-breakpoint
CREATE TABLE `cards` (
	`account_id` text PRIMARY KEY NOT NULL,
	`brand` text NOT NULL,
	`last4` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `charges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`at` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`outcome` text NOT NULL,
	`failure_code` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "charges_outcome_check" CHECK("charges"."outcome" IN ('succeeded', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `charges_account_at_idx` ON `charges` (`account_id`,`at`);--> statement-breakpoint
CREATE TABLE `identity_checks` (
	`id` text PRIMARY KEY NOT NULL,
	`block_id` text NOT NULL,
	`account_id` text NOT NULL,
	`status` text NOT NULL,
	`submitted_at` integer,
	`decided_at` integer,
	`decided_by` text,
	`decision_note` text,
	FOREIGN KEY (`block_id`) REFERENCES `blocks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "identity_checks_status_check" CHECK("identity_checks"."status" IN ('not_started', 'submitted', 'approved', 'rejected'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `identity_checks_block_uq` ON `identity_checks` (`block_id`);--> statement-breakpoint
CREATE INDEX `identity_checks_status_submitted_idx` ON `identity_checks` (`status`,`submitted_at`);--> statement-breakpoint
CREATE TABLE `logins` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`identifier` text NOT NULL,
	`identifier_kind` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	`password_changed_at` integer,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`first_failed_at` integer,
	`locked_until` integer,
	`lockout_count` integer DEFAULT 0 NOT NULL,
	`removed_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "logins_role_check" CHECK("logins"."role" IN ('owner', 'team_member')),
	CONSTRAINT "logins_kind_check" CHECK("logins"."identifier_kind" IN ('email', 'username'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `logins_identifier_account_uq` ON `logins` (`identifier`,`account_id`);--> statement-breakpoint
CREATE INDEX `logins_account_idx` ON `logins` (`account_id`);--> statement-breakpoint
CREATE INDEX `logins_locked_until_idx` ON `logins` (`locked_until`) WHERE "logins"."locked_until" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `tombstone_identifiers` (
	`identifier_hash` text NOT NULL,
	`account_id` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `tombstones`(`account_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tombstone_identifiers_uq` ON `tombstone_identifiers` (`identifier_hash`,`account_id`);--> statement-breakpoint
CREATE TABLE `tombstones` (
	`account_id` text PRIMARY KEY NOT NULL,
	`deactivated_at` integer,
	`deactivation_reason` text,
	`purged_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`staff_id` text NOT NULL,
	`key` text NOT NULL,
	`procedure` text NOT NULL,
	`request_hash` text NOT NULL,
	`response` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`staff_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_created_idx` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`template` text NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`body_text` text NOT NULL,
	`secret` text,
	`account_id` text,
	`login_id` text,
	`audit_event_id` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`sent_at` integer,
	CONSTRAINT "outbox_status_check" CHECK("outbox"."status" IN ('pending', 'sent', 'failed')),
	CONSTRAINT "outbox_template_check" CHECK("outbox"."template" IN ('verification_code', 'account_reactivated', 'team_member_detached', 'login_unlocked', 'password_reset', 'block_lifted', 'identity_check_decided'))
);
--> statement-breakpoint
CREATE INDEX `outbox_status_next_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_account_idx` ON `outbox` (`account_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `outbox_created_idx` ON `outbox` (`created_at`);--> statement-breakpoint
CREATE TABLE `password_reset_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`login_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`login_id`) REFERENCES `logins`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reset_tokens_login_at_idx` ON `password_reset_tokens` (`login_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `server_secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sign_in_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`ip` text NOT NULL,
	`at` integer NOT NULL,
	`succeeded` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_attempts_email_at_idx` ON `sign_in_attempts` (`email`,`at`);--> statement-breakpoint
CREATE INDEX `sign_in_attempts_ip_at_idx` ON `sign_in_attempts` (`ip`,`at`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`disabled_at` integer,
	CONSTRAINT "staff_role_check" CHECK("staff"."role" IN ('agent', 'lead', 'admin'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_email_uq` ON `staff` (`email`);--> statement-breakpoint
CREATE TABLE `staff_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_sessions_staff_idx` ON `staff_sessions` (`staff_id`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`account_id` text,
	`staff_id` text,
	`raised_at` integer NOT NULL,
	`until` integer NOT NULL,
	`acknowledged_at` integer,
	`acknowledged_by` text,
	CONSTRAINT "alerts_kind_check" CHECK("alerts"."kind" IN ('verification_locked', 'staff_throttled'))
);
--> statement-breakpoint
CREATE INDEX `alerts_account_until_idx` ON `alerts` (`account_id`,`until`);--> statement-breakpoint
CREATE INDEX `alerts_staff_until_idx` ON `alerts` (`staff_id`,`until`);--> statement-breakpoint
CREATE INDEX `alerts_raised_idx` ON `alerts` (`raised_at`);--> statement-breakpoint
CREATE TABLE `verification_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`login_id` text NOT NULL,
	`account_id` text NOT NULL,
	`ticket_ref` text NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`tries` integer DEFAULT 0 NOT NULL,
	`consumed_at` integer,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`login_id`) REFERENCES `logins`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `verification_codes_login_at_idx` ON `verification_codes` (`login_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `verifications` (
	`id` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`login_id` text NOT NULL,
	`account_id` text NOT NULL,
	`ticket_ref` text NOT NULL,
	`method` text NOT NULL,
	`outcome` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`login_id`) REFERENCES `logins`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "verifications_method_check" CHECK("verifications"."method" IN ('card_last4', 'billing_address', 'email_code')),
	CONSTRAINT "verifications_outcome_check" CHECK("verifications"."outcome" IN ('passed', 'failed', 'locked'))
);
--> statement-breakpoint
CREATE INDEX `verifications_account_outcome_at_idx` ON `verifications` (`account_id`,`outcome`,`created_at`);--> statement-breakpoint
CREATE INDEX `verifications_staff_outcome_at_idx` ON `verifications` (`staff_id`,`outcome`,`created_at`);