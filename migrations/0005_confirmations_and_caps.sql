CREATE TABLE "confirmations" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"connection_id" text NOT NULL,
	"action" text NOT NULL,
	"digest" text NOT NULL,
	"facts" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "confirm_above" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "sends_per_day" integer;--> statement-breakpoint
ALTER TABLE "confirmations" ADD CONSTRAINT "confirmations_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "confirmations_expires_idx" ON "confirmations" USING btree ("expires_at");