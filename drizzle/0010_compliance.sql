CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_name_trimmed" CHECK ("teams"."name" = btrim("teams"."name") and length("teams"."name") between 1 and 80)
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "default_due_weeks" integer;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "reminders_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "reminder_days_before" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "certificate_months" integer;--> statement-breakpoint
ALTER TABLE "seats" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "seats" ADD COLUMN "due_on" date;--> statement-breakpoint
ALTER TABLE "seats" ADD COLUMN "reminder_opt_out_token" text;--> statement-breakpoint
ALTER TABLE "seats" ADD COLUMN "reminders_stopped_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "teams_name_per_org" ON "teams" USING btree ("organisation_id",lower("name"));--> statement-breakpoint
ALTER TABLE "seats" ADD CONSTRAINT "seats_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "seats_team_idx" ON "seats" USING btree ("team_id");--> statement-breakpoint
ALTER TABLE "seats" ADD CONSTRAINT "seats_reminder_opt_out_token_unique" UNIQUE("reminder_opt_out_token");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_default_due_weeks" CHECK ("organisations"."default_due_weeks" is null or "organisations"."default_due_weeks" between 1 and 104);--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_reminder_days_before" CHECK ("organisations"."reminder_days_before" between 1 and 60);--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_certificate_months" CHECK ("organisations"."certificate_months" is null or "organisations"."certificate_months" in (12, 24, 36));