ALTER TABLE "enrolments" ADD COLUMN "active_seconds" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The running total starts from what the sections already hold (issue 23, item 3).
UPDATE "enrolments" e SET "active_seconds" = t.seconds
FROM (SELECT "enrolment_id", sum("active_seconds")::int AS seconds FROM "section_progress" GROUP BY "enrolment_id") t
WHERE t."enrolment_id" = e."id";
