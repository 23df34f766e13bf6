ALTER TABLE "enrolments" DROP CONSTRAINT "enrolments_user_version_uq";--> statement-breakpoint
DROP INDEX "seats_one_per_user_per_org";--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "cycle" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "refreshes_enrolment_id" uuid;--> statement-breakpoint
ALTER TABLE "seats" ADD COLUMN "purpose" text DEFAULT 'first' NOT NULL;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_refreshes_enrolment_id_enrolments_id_fk" FOREIGN KEY ("refreshes_enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_user_version_uq" ON "enrolments" USING btree ("user_id","course_version") WHERE "enrolments"."refreshes_enrolment_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_one_refresher_uq" ON "enrolments" USING btree ("refreshes_enrolment_id");--> statement-breakpoint
CREATE INDEX "enrolments_user_cycle_idx" ON "enrolments" USING btree ("user_id","course_version","cycle");--> statement-breakpoint
CREATE UNIQUE INDEX "seats_one_per_user_per_org" ON "seats" USING btree ("organisation_id","assigned_user_id") WHERE "seats"."status" = 'assigned' and "seats"."organisation_id" is not null and "seats"."purpose" = 'first';--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_cycle_of_refresher" CHECK (("enrolments"."refreshes_enrolment_id" is null) = ("enrolments"."cycle" = 1));--> statement-breakpoint
ALTER TABLE "seats" ADD CONSTRAINT "seats_refresher_not_invited" CHECK ("seats"."purpose" = 'first' or "seats"."invited_email" is null);