CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`scopes` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_tenant_idx` ON `api_keys` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `blocklist` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`project_id` text NOT NULL,
	`reason` text NOT NULL,
	`severity` text NOT NULL,
	`threat_type` text NOT NULL,
	`evidence` text,
	`discovered_by` text NOT NULL,
	`active` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `blocklist_active_uq` ON `blocklist` (`project_id`,`threat_type`) WHERE "blocklist"."active" = 1;--> statement-breakpoint
CREATE INDEX `blocklist_tenant_idx` ON `blocklist` (`tenant_id`,`active`);--> statement-breakpoint
CREATE TABLE `findings` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`project_id` text NOT NULL,
	`fingerprint` text NOT NULL,
	`tool` text NOT NULL,
	`scanner` text NOT NULL,
	`rule_id` text NOT NULL,
	`severity` text NOT NULL,
	`status` text NOT NULL,
	`occurrences` integer NOT NULL,
	`content_hash` text NOT NULL,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`first_scan_id` text NOT NULL,
	`last_scan_id` text NOT NULL,
	`fixed_at` text,
	`data` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `findings_tenant_project_fp_uq` ON `findings` (`tenant_id`,`project_id`,`fingerprint`);--> statement-breakpoint
CREATE INDEX `findings_project_tool_status_idx` ON `findings` (`project_id`,`tool`,`status`);--> statement-breakpoint
CREATE TABLE `job_logs` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` text NOT NULL,
	`level` text NOT NULL,
	`message` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `job_logs_job_seq_idx` ON `job_logs` (`job_id`,`seq`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`progress` integer NOT NULL,
	`attempts` integer NOT NULL,
	`input` text,
	`result` text,
	`error` text,
	`created_at` text NOT NULL,
	`started_at` text,
	`finished_at` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jobs_tenant_created_idx` ON `jobs` (`tenant_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `projects` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`repo_url` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `projects_tenant_name_uq` ON `projects` (`tenant_id`,`name`);--> statement-breakpoint
CREATE TABLE `scan_findings` (
	`scan_id` text NOT NULL,
	`finding_id` text NOT NULL,
	`occurrences` integer NOT NULL,
	PRIMARY KEY(`scan_id`, `finding_id`)
);
--> statement-breakpoint
CREATE TABLE `scans` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`project_id` text NOT NULL,
	`provider` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`upsert_key` text,
	`external_id` text,
	`commit_sha` text,
	`target` text,
	`counts` text NOT NULL,
	`verdict` text,
	`score` integer,
	`ingest` text,
	`created_at` text NOT NULL,
	`started_at` text,
	`completed_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scans_project_upsert_uq` ON `scans` (`project_id`,`upsert_key`);--> statement-breakpoint
CREATE INDEX `scans_tenant_created_idx` ON `scans` (`tenant_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `scans_project_provider_idx` ON `scans` (`project_id`,`provider`,`created_at`);--> statement-breakpoint
CREATE INDEX `scans_external_idx` ON `scans` (`tenant_id`,`provider`,`external_id`);--> statement-breakpoint
CREATE TABLE `summaries` (
	`tenant_id` text NOT NULL,
	`project_id` text NOT NULL,
	`provider` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	`expires_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `project_id`, `provider`)
);
--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenants_name_unique` ON `tenants` (`name`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`source` text NOT NULL,
	`id` text NOT NULL,
	`received_at` text NOT NULL,
	`outcome` text NOT NULL,
	`detail` text,
	`expires_at` text,
	PRIMARY KEY(`source`, `id`)
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_expires_idx` ON `webhook_deliveries` (`expires_at`);