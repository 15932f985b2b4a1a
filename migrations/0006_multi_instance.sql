CREATE TABLE "instance_keyrings" (
	"instance" text PRIMARY KEY NOT NULL,
	"key_ids" jsonb NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intercom_budgets" (
	"workspace_key" text PRIMARY KEY NOT NULL,
	"reset_at" integer NOT NULL,
	"remaining" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sse_relayed_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sse_streams" (
	"id" text PRIMARY KEY NOT NULL,
	"connection_id" text NOT NULL,
	"instance" text NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sse_streams_connection_idx" ON "sse_streams" USING btree ("connection_id");--> statement-breakpoint
CREATE INDEX "sse_streams_instance_idx" ON "sse_streams" USING btree ("instance");