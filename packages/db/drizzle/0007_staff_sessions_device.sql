ALTER TABLE `staff_sessions` ADD `user_agent` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `staff_sessions` ADD `ip` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `staff_sessions` ADD `last_ip` text DEFAULT '' NOT NULL;