CREATE TABLE "escalations" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"login_id" text,
	"ticket_ref" text NOT NULL,
	"reason" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_by" text NOT NULL,
	"opened_at" bigint NOT NULL,
	"taken_by" text,
	"taken_at" bigint,
	"closed_by" text,
	"closed_at" bigint,
	"outcome" text,
	"outcome_note" text,
	CONSTRAINT "escalations_reason_check" CHECK ("escalations"."reason" IN ('suspicious_activity', 'identity_check_overdue', 'identity_check_rejected', 'terms_violation', 'other')),
	CONSTRAINT "escalations_status_check" CHECK ("escalations"."status" IN ('open', 'taken', 'closed')),
	CONSTRAINT "escalations_outcome_check" CHECK ("escalations"."outcome" IN ('fixed', 'declined', 'no_action_needed'))
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_action_check";--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "display_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "escalations_status_opened_idx" ON "escalations" USING btree ("status","opened_at");--> statement-breakpoint
CREATE INDEX "escalations_account_idx" ON "escalations" USING btree ("account_id","opened_at");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_action_check" CHECK ("audit_events"."action" IN ('auth.login', 'auth.logout', 'verification.send_code', 'verification.check', 'account.reactivate', 'login.detach_team_member', 'login.unlock', 'login.send_password_reset', 'block.lift', 'identity_check.decide', 'review.mark', 'staff.create', 'staff.set_role', 'staff.disable', 'auth.second_factor', 'auth.step_up', 'staff.factor_add', 'staff.factor_remove', 'staff.factors_reset', 'webhook.create', 'webhook.update', 'webhook.rotate_secret', 'webhook.send_test', 'webhook.replay', 'webhook.auto_disable', 'escalation.open', 'escalation.take', 'escalation.close', 'job.dunning', 'job.lockout_expiry', 'job.purge'));--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_language_check" CHECK ("accounts"."language" IN ('en', 'fr'));