CREATE TABLE "rate_windows" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "rate_windows_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "sast_results" (
	"tenant_id" text NOT NULL,
	"project_id" text NOT NULL,
	"provider" text NOT NULL,
	"scan_id" text NOT NULL,
	"scan_created_at" timestamp with time zone NOT NULL,
	"repo_url" text NOT NULL,
	"commit_sha" text,
	"status" text NOT NULL,
	"error" text,
	"verdict" text NOT NULL,
	"counts" jsonb NOT NULL,
	"score" integer NOT NULL,
	"tool" jsonb NOT NULL,
	"findings" jsonb NOT NULL,
	"attestation" jsonb,
	"attestation_key_id" text,
	"delivery_id" text NOT NULL,
	"body_digest" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sast_results_tenant_id_project_id_provider_pk" PRIMARY KEY("tenant_id","project_id","provider")
);
--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "origin" text;--> statement-breakpoint
ALTER TABLE "sast_results" ADD CONSTRAINT "sast_results_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "scans_active_sast_uq" ON "scans" USING btree ("project_id","provider") WHERE "scans"."origin" = 'publish' AND "scans"."status" IN ('pending', 'running');