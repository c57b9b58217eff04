CREATE TABLE `audit_checkpoints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`last_event_id` integer NOT NULL,
	`chain_hash` text NOT NULL,
	`event_count` integer NOT NULL,
	`signed_at` integer NOT NULL,
	`prev` text,
	`key_id` text NOT NULL,
	`signature` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_checkpoints_last_event_uq` ON `audit_checkpoints` (`last_event_id`);--> statement-breakpoint
CREATE TABLE `health_checks` (
	`name` text PRIMARY KEY NOT NULL,
	`checked_at` integer NOT NULL,
	`ok` integer NOT NULL,
	`detail` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `sign_in_attempts` ADD `email_hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `sign_in_attempts_email_hash_at_idx` ON `sign_in_attempts` (`email_hash`,`at`);