CREATE TABLE "scorm_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registration_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"launch_count" integer DEFAULT 0 NOT NULL,
	"commit_launch" integer DEFAULT 0 NOT NULL,
	"commit_seq" integer DEFAULT 0 NOT NULL,
	"cmi" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"completion_status" text DEFAULT 'not attempted' NOT NULL,
	"success_status" text DEFAULT 'unknown' NOT NULL,
	"score_scaled" real,
	"score_raw" real,
	"progress_measure" real,
	"prior_seconds" integer DEFAULT 0 NOT NULL,
	"session_seconds" integer DEFAULT 0 NOT NULL,
	"current_launch_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_exit" text,
	"terminated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scorm_attempts_registration_number_uq" UNIQUE("registration_id","number"),
	CONSTRAINT "scorm_attempts_seconds_nonnegative" CHECK ("scorm_attempts"."prior_seconds" >= 0 and "scorm_attempts"."session_seconds" >= 0)
);
--> statement-breakpoint
CREATE TABLE "scorm_packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"version" text NOT NULL,
	"schema_version" text NOT NULL,
	"manifest_identifier" text NOT NULL,
	"organisation_identifier" text NOT NULL,
	"sco_identifier" text NOT NULL,
	"launch_path" text NOT NULL,
	"mastery_scaled" real,
	"completion_threshold" real,
	"launch_data" text,
	"objective_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"files" jsonb NOT NULL,
	"size_bytes" integer NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "scorm_packages_mastery_range" CHECK ("scorm_packages"."mastery_scaled" is null or ("scorm_packages"."mastery_scaled" >= 0 and "scorm_packages"."mastery_scaled" <= 1)),
	CONSTRAINT "scorm_packages_threshold_range" CHECK ("scorm_packages"."completion_threshold" is null or ("scorm_packages"."completion_threshold" >= 0 and "scorm_packages"."completion_threshold" <= 1))
);
--> statement-breakpoint
CREATE TABLE "scorm_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"package_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"attempt_count" integer DEFAULT 0 NOT NULL,
	"completion_status" text DEFAULT 'not attempted' NOT NULL,
	"success_status" text DEFAULT 'unknown' NOT NULL,
	"score_scaled" real,
	"total_seconds" integer DEFAULT 0 NOT NULL,
	"first_launched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_launched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"passed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scorm_registrations_package_user_uq" UNIQUE("package_id","user_id"),
	CONSTRAINT "scorm_registrations_score_range" CHECK ("scorm_registrations"."score_scaled" is null or ("scorm_registrations"."score_scaled" >= -1 and "scorm_registrations"."score_scaled" <= 1))
);
--> statement-breakpoint
ALTER TABLE "scorm_attempts" ADD CONSTRAINT "scorm_attempts_registration_id_scorm_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."scorm_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorm_packages" ADD CONSTRAINT "scorm_packages_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorm_registrations" ADD CONSTRAINT "scorm_registrations_package_id_scorm_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."scorm_packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorm_registrations" ADD CONSTRAINT "scorm_registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scorm_registrations_user_idx" ON "scorm_registrations" USING btree ("user_id");