CREATE TABLE "forwards" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"scan_id" text NOT NULL,
	"destination" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"sent" integer NOT NULL,
	"batches" integer NOT NULL,
	"remote_ids" jsonb NOT NULL,
	"warnings" jsonb NOT NULL,
	"context" jsonb NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone,
	"report_file" text,
	"sealed_credentials" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "forwards_scan_destination_idx" ON "forwards" USING btree ("scan_id","destination");--> statement-breakpoint
CREATE INDEX "forwards_tenant_status_idx" ON "forwards" USING btree ("tenant_id","status","created_at");