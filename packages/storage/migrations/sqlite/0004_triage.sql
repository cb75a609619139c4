CREATE TABLE `dashboard_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`api_key_id` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`last_seen_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dashboard_sessions_expires_idx` ON `dashboard_sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `finding_history` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`finding_id` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`reason` text,
	`expires_at` text
);
--> statement-breakpoint
CREATE INDEX `finding_history_finding_idx` ON `finding_history` (`tenant_id`,`finding_id`,`at`);--> statement-breakpoint
ALTER TABLE `findings` ADD `title` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `findings` ADD `location_kind` text;--> statement-breakpoint
ALTER TABLE `findings` ADD `locator` text;--> statement-breakpoint
ALTER TABLE `findings` ADD `severity_rank` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `findings` ADD `triage_reason` text;--> statement-breakpoint
ALTER TABLE `findings` ADD `triaged_by` text;--> statement-breakpoint
ALTER TABLE `findings` ADD `triaged_at` text;--> statement-breakpoint
ALTER TABLE `findings` ADD `accepted_until` text;--> statement-breakpoint
UPDATE `findings` SET
	`title` = coalesce(`data` ->> '$.name', ''),
	`location_kind` = `data` ->> '$.location.kind',
	`locator` = CASE `data` ->> '$.location.kind'
		WHEN 'source' THEN `data` ->> '$.location.file'
		WHEN 'package' THEN `data` ->> '$.location.name'
		WHEN 'url' THEN `data` ->> '$.location.url'
		WHEN 'host' THEN `data` ->> '$.location.host' END,
	`severity_rank` = CASE `severity` WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END;--> statement-breakpoint
CREATE INDEX `findings_project_id_idx` ON `findings` (`project_id`,`id`);--> statement-breakpoint
CREATE INDEX `findings_project_rank_idx` ON `findings` (`project_id`,`severity_rank`,`id`);--> statement-breakpoint
CREATE INDEX `findings_project_status_rank_idx` ON `findings` (`project_id`,`status`,`severity_rank`,`id`);--> statement-breakpoint
CREATE INDEX `findings_project_first_seen_idx` ON `findings` (`project_id`,`first_seen_at`,`id`);--> statement-breakpoint
CREATE INDEX `findings_project_last_seen_idx` ON `findings` (`project_id`,`last_seen_at`,`id`);--> statement-breakpoint
CREATE INDEX `findings_accepted_until_idx` ON `findings` (`tenant_id`,`accepted_until`) WHERE "findings"."accepted_until" IS NOT NULL;