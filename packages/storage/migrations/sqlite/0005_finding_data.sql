CREATE TABLE `finding_data` (
	`finding_id` text PRIMARY KEY NOT NULL,
	`data` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `finding_data` (`finding_id`, `data`) SELECT `id`, `data` FROM `findings`;--> statement-breakpoint
ALTER TABLE `findings` DROP COLUMN `data`;
--> statement-breakpoint
CREATE TABLE `__new_scan_findings` (
	`scan_id` text NOT NULL,
	`finding_id` text NOT NULL,
	`occurrences` integer NOT NULL,
	PRIMARY KEY(`scan_id`, `finding_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_scan_findings` (`scan_id`, `finding_id`, `occurrences`) SELECT `scan_id`, `finding_id`, `occurrences` FROM `scan_findings`;--> statement-breakpoint
DROP TABLE `scan_findings`;--> statement-breakpoint
ALTER TABLE `__new_scan_findings` RENAME TO `scan_findings`;
--> statement-breakpoint
DROP INDEX `findings_project_tool_status_idx`;
