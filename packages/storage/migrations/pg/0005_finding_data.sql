CREATE TABLE "finding_data" (
	"finding_id" text PRIMARY KEY NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
INSERT INTO "finding_data" ("finding_id", "data") SELECT "id", "data" FROM "findings";--> statement-breakpoint
ALTER TABLE "findings" DROP COLUMN "data";
--> statement-breakpoint
DROP INDEX "findings_project_tool_status_idx";
