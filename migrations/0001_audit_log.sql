CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"connection_id" text NOT NULL,
	"tool" text NOT NULL,
	"outcome" text NOT NULL,
	"error_kind" text,
	"latency_ms" integer NOT NULL,
	"upstream_request_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_log_created_at_idx" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_log_connection_idx" ON "audit_log" USING btree ("connection_id","created_at");