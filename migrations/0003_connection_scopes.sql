-- Connections made before scopes existed keep full access: their owners chose nothing, and taking tools
-- away without notice would break what they use. New rows get no default: every insert chooses.
ALTER TABLE "connections" ADD COLUMN "scopes" text;--> statement-breakpoint
UPDATE "connections" SET "scopes" = 'intercom:write intercom:conversations intercom:contacts intercom:messaging intercom:bulk_messaging intercom:events intercom:knowledge intercom:tickets intercom:admin intercom:deletion';--> statement-breakpoint
ALTER TABLE "connections" ALTER COLUMN "scopes" SET NOT NULL;
