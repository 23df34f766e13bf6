CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"code" text NOT NULL,
	"learner_name" text,
	"course_title" text NOT NULL,
	"cpd_minutes" integer NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"superseded_at" timestamp with time zone,
	"superseded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificates_code_unique" UNIQUE("code"),
	CONSTRAINT "certificates_code_format" CHECK ("certificates"."code" ~ '^[2-9ACDEFGHJKMNPQRTVWXY]{4}(-[2-9ACDEFGHJKMNPQRTVWXY]{4}){3}$'),
	CONSTRAINT "certificates_cpd_positive" CHECK ("certificates"."cpd_minutes" > 0),
	CONSTRAINT "certificates_revocation_has_reason" CHECK (("certificates"."revoked_at" is null) = ("certificates"."revoked_reason" is null)),
	CONSTRAINT "certificates_superseded_by_needs_date" CHECK ("certificates"."superseded_by_id" is null or "certificates"."superseded_at" is not null),
	CONSTRAINT "certificates_name_until_superseded" CHECK ("certificates"."learner_name" is not null or "certificates"."superseded_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "rate_limit_windows" (
	"scope" text NOT NULL,
	"client_key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "rate_limit_windows_scope_client_key_window_start_pk" PRIMARY KEY("scope","client_key","window_start")
);
--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_superseded_by_id_certificates_id_fk" FOREIGN KEY ("superseded_by_id") REFERENCES "public"."certificates"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_current_enrolment_uq" ON "certificates" USING btree ("enrolment_id") WHERE "certificates"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "certificates_enrolment_idx" ON "certificates" USING btree ("enrolment_id");--> statement-breakpoint
CREATE INDEX "rate_limit_windows_start_idx" ON "rate_limit_windows" USING btree ("window_start");