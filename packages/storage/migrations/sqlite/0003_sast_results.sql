CREATE TABLE `rate_windows` (
	`key` text NOT NULL,
	`window_start` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`key`, `window_start`)
);
--> statement-breakpoint
CREATE TABLE `sast_results` (
	`tenant_id` text NOT NULL,
	`project_id` text NOT NULL,
	`provider` text NOT NULL,
	`scan_id` text NOT NULL,
	`scan_created_at` text NOT NULL,
	`repo_url` text NOT NULL,
	`commit_sha` text,
	`status` text NOT NULL,
	`error` text,
	`verdict` text NOT NULL,
	`counts` text NOT NULL,
	`score` integer NOT NULL,
	`tool` text NOT NULL,
	`findings` text NOT NULL,
	`attestation` text,
	`attestation_key_id` text,
	`delivery_id` text NOT NULL,
	`body_digest` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text NOT NULL,
	`received_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `project_id`, `provider`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `scans` ADD `origin` text;--> statement-breakpoint
CREATE UNIQUE INDEX `scans_active_sast_uq` ON `scans` (`project_id`,`provider`) WHERE "scans"."origin" = 'publish' AND "scans"."status" IN ('pending', 'running');