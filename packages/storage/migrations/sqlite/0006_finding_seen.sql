CREATE TABLE `finding_seen` (
	`finding_id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`occurrences` integer NOT NULL,
	`last_seen_at` text NOT NULL,
	`last_scan_id` text NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `finding_seen` (`finding_id`, `project_id`, `occurrences`, `last_seen_at`, `last_scan_id`) SELECT `id`, `project_id`, `occurrences`, `last_seen_at`, `last_scan_id` FROM `findings`;--> statement-breakpoint
CREATE INDEX `finding_seen_project_last_seen_idx` ON `finding_seen` (`project_id`,`last_seen_at`,`finding_id`);--> statement-breakpoint
DROP INDEX `findings_project_last_seen_idx`;--> statement-breakpoint
ALTER TABLE `findings` DROP COLUMN `occurrences`;--> statement-breakpoint
ALTER TABLE `findings` DROP COLUMN `last_seen_at`;--> statement-breakpoint
ALTER TABLE `findings` DROP COLUMN `last_scan_id`;