DROP INDEX `sign_in_attempts_email_at_idx`;--> statement-breakpoint
ALTER TABLE `sign_in_attempts` DROP COLUMN `email`;