CREATE TABLE `forwards` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`scan_id` text NOT NULL,
	`destination` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`sent` integer NOT NULL,
	`batches` integer NOT NULL,
	`remote_ids` text NOT NULL,
	`warnings` text NOT NULL,
	`context` text NOT NULL,
	`last_error` text,
	`next_attempt_at` text,
	`report_file` text,
	`sealed_credentials` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`finished_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `forwards_scan_destination_idx` ON `forwards` (`scan_id`,`destination`);--> statement-breakpoint
CREATE INDEX `forwards_tenant_status_idx` ON `forwards` (`tenant_id`,`status`,`created_at`);