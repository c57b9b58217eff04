CREATE TABLE `sso_pending_sign_ins` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`nonce` text NOT NULL,
	`code_verifier` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sso_pending_sign_ins_expires_idx` ON `sso_pending_sign_ins` (`expires_at`);--> statement-breakpoint
CREATE TABLE `staff_identities` (
	`issuer` text NOT NULL,
	`subject` text NOT NULL,
	`staff_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_identities_issuer_subject_uq` ON `staff_identities` (`issuer`,`subject`);--> statement-breakpoint
CREATE INDEX `staff_identities_staff_idx` ON `staff_identities` (`staff_id`);--> statement-breakpoint
ALTER TABLE `staff` ADD `break_glass` integer DEFAULT false NOT NULL;