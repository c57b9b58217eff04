-- The audit log is append-only (SPEC §8): the database itself refuses to change or remove an
-- event or a signed checkpoint, whoever asks (only the tables' owner could drop these triggers:
-- the application's role should not own them). Messages match SQLite's triggers.
CREATE FUNCTION "audit_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_events_no_update" BEFORE UPDATE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_events_no_delete" BEFORE DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
--> statement-breakpoint
-- TRUNCATE fires no row trigger: a statement trigger refuses it (CASCADE from another table too).
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_checkpoints_no_update" BEFORE UPDATE ON "audit_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_checkpoints_no_delete" BEFORE DELETE ON "audit_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_checkpoints_no_truncate" BEFORE TRUNCATE ON "audit_checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();
--> statement-breakpoint
-- An insert may not reuse an id (nor, for checkpoints, an event already checkpointed). The
-- primary key and unique index refuse a plain duplicate anyway and an upsert's DO UPDATE meets
-- the UPDATE trigger; this names every such attempt `append-only`, as SQLite does, and refuses
-- `ON CONFLICT DO NOTHING` on a taken id too. BEFORE INSERT sees the id after its default.
CREATE FUNCTION "audit_events_refuse_replace"() RETURNS trigger LANGUAGE plpgsql
  SET search_path FROM CURRENT AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "audit_events" WHERE "id" = NEW."id") THEN
    RAISE EXCEPTION 'audit_events is append-only: an insert may not replace an event';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_events_no_replace" BEFORE INSERT ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_refuse_replace"();
--> statement-breakpoint
CREATE FUNCTION "audit_checkpoints_refuse_replace"() RETURNS trigger LANGUAGE plpgsql
  SET search_path FROM CURRENT AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM "audit_checkpoints"
    WHERE "id" = NEW."id" OR "last_event_id" = NEW."last_event_id"
  ) THEN
    RAISE EXCEPTION 'audit_checkpoints is append-only: an insert may not replace a checkpoint';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_checkpoints_no_replace" BEFORE INSERT ON "audit_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION "audit_checkpoints_refuse_replace"();
