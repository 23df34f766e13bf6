CREATE TABLE "time_credits" (
	"enrolment_id" uuid NOT NULL,
	"section_id" text NOT NULL,
	"credited_at" timestamp with time zone NOT NULL,
	"seconds" integer NOT NULL,
	CONSTRAINT "time_credits_seconds_positive" CHECK ("time_credits"."seconds" > 0)
);
--> statement-breakpoint
DROP TABLE "active_minutes" CASCADE;--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "time_credited_until" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "completion_minutes" jsonb;--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "completion_score" integer;--> statement-breakpoint
ALTER TABLE "time_credits" ADD CONSTRAINT "time_credits_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "time_credits_enrolment_at_idx" ON "time_credits" USING btree ("enrolment_id","credited_at");