CREATE TABLE "scenario_runs" (
	"enrolment_id" uuid NOT NULL,
	"activity_id" text NOT NULL,
	"run" integer NOT NULL,
	"path" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ending_id" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "scenario_runs_enrolment_id_activity_id_run_pk" PRIMARY KEY("enrolment_id","activity_id","run"),
	CONSTRAINT "scenario_runs_run_positive" CHECK ("scenario_runs"."run" >= 1),
	CONSTRAINT "scenario_runs_ended_with_ending" CHECK (("scenario_runs"."ending_id" is null) = ("scenario_runs"."ended_at" is null))
);
--> statement-breakpoint
ALTER TABLE "scenario_runs" ADD CONSTRAINT "scenario_runs_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_attempts_one_open_uq" ON "assessment_attempts" USING btree ("enrolment_id") WHERE "assessment_attempts"."submitted_at" is null;--> statement-breakpoint
ALTER TABLE "assessment_attempts" ADD CONSTRAINT "assessment_attempts_submitted_marked" CHECK (("assessment_attempts"."submitted_at" is null) = ("assessment_attempts"."score_percent" is null) and ("assessment_attempts"."submitted_at" is null) = ("assessment_attempts"."passed" is null));