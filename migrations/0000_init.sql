CREATE TABLE "connections" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"workspace_name" text NOT NULL,
	"region" text NOT NULL,
	"admin_id" text NOT NULL,
	"admin_name" text NOT NULL,
	"admin_email" text,
	"token_lookup_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"secret_ciphertext" text,
	"wrapped_data_key" text,
	"key_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "connections_token_lookup_id_key" ON "connections" USING btree ("token_lookup_id");--> statement-breakpoint
CREATE INDEX "connections_workspace_id_idx" ON "connections" USING btree ("workspace_id");