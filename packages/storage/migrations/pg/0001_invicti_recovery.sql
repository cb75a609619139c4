ALTER TABLE "scans" ADD COLUMN "status_detail" text;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "tenant_id" text;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "subject" text;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_tenant_idx" ON "webhook_deliveries" USING btree ("tenant_id","received_at");