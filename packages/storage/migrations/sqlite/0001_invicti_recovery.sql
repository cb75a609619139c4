ALTER TABLE `scans` ADD `status_detail` text;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `tenant_id` text;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `subject` text;--> statement-breakpoint
CREATE INDEX `webhook_deliveries_tenant_idx` ON `webhook_deliveries` (`tenant_id`,`received_at`);