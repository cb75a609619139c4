CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "blocklist" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"project_id" text NOT NULL,
	"reason" text NOT NULL,
	"severity" text NOT NULL,
	"threat_type" text NOT NULL,
	"evidence" jsonb,
	"discovered_by" text NOT NULL,
	"active" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"project_id" text NOT NULL,
	"fingerprint" text NOT NULL,
	"tool" text NOT NULL,
	"scanner" text NOT NULL,
	"rule_id" text NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"occurrences" integer NOT NULL,
	"content_hash" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"first_scan_id" text NOT NULL,
	"last_scan_id" text NOT NULL,
	"fixed_at" timestamp with time zone,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_logs" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_logs_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"job_id" text NOT NULL,
	"level" text NOT NULL,
	"message" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"progress" integer NOT NULL,
	"attempts" integer NOT NULL,
	"input" jsonb,
	"result" jsonb,
	"error" text,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"repo_url" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scan_findings" (
	"scan_id" text NOT NULL,
	"finding_id" text NOT NULL,
	"occurrences" integer NOT NULL,
	CONSTRAINT "scan_findings_scan_id_finding_id_pk" PRIMARY KEY("scan_id","finding_id")
);
--> statement-breakpoint
CREATE TABLE "scans" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"project_id" text NOT NULL,
	"provider" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"upsert_key" text,
	"external_id" text,
	"commit_sha" text,
	"target" text,
	"counts" jsonb NOT NULL,
	"verdict" text,
	"score" integer,
	"ingest" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "summaries" (
	"tenant_id" text NOT NULL,
	"project_id" text NOT NULL,
	"provider" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "summaries_tenant_id_project_id_provider_pk" PRIMARY KEY("tenant_id","project_id","provider")
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tenants_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"source" text NOT NULL,
	"id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"detail" text,
	"expires_at" timestamp with time zone,
	CONSTRAINT "webhook_deliveries_source_id_pk" PRIMARY KEY("source","id")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blocklist" ADD CONSTRAINT "blocklist_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scans" ADD CONSTRAINT "scans_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_tenant_idx" ON "api_keys" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "blocklist_active_uq" ON "blocklist" USING btree ("project_id","threat_type") WHERE "blocklist"."active" = true;--> statement-breakpoint
CREATE INDEX "blocklist_tenant_idx" ON "blocklist" USING btree ("tenant_id","active");--> statement-breakpoint
CREATE UNIQUE INDEX "findings_tenant_project_fp_uq" ON "findings" USING btree ("tenant_id","project_id","fingerprint");--> statement-breakpoint
CREATE INDEX "findings_project_tool_status_idx" ON "findings" USING btree ("project_id","tool","status");--> statement-breakpoint
CREATE INDEX "job_logs_job_seq_idx" ON "job_logs" USING btree ("job_id","seq");--> statement-breakpoint
CREATE INDEX "jobs_tenant_created_idx" ON "jobs" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_tenant_name_uq" ON "projects" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "scans_project_upsert_uq" ON "scans" USING btree ("project_id","upsert_key");--> statement-breakpoint
CREATE INDEX "scans_tenant_created_idx" ON "scans" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "scans_project_provider_idx" ON "scans" USING btree ("project_id","provider","created_at");--> statement-breakpoint
CREATE INDEX "scans_external_idx" ON "scans" USING btree ("tenant_id","provider","external_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_expires_idx" ON "webhook_deliveries" USING btree ("expires_at");