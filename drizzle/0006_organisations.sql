CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"seat_id" uuid,
	"email" text NOT NULL,
	"name" text,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_user_id" uuid,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "invitations_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "invitations_role_known" CHECK ("invitations"."role" in ('learner', 'manager')),
	CONSTRAINT "invitations_learner_has_seat" CHECK (("invitations"."role" = 'learner') = ("invitations"."seat_id" is not null)),
	CONSTRAINT "invitations_email_normalised" CHECK ("invitations"."email" = lower(btrim("invitations"."email"))),
	CONSTRAINT "invitations_settled_once" CHECK ("invitations"."accepted_at" is null or "invitations"."revoked_at" is null)
);
--> statement-breakpoint
ALTER TABLE "seats" ADD COLUMN "last_reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_seat_id_seats_id_fk" FOREIGN KEY ("seat_id") REFERENCES "public"."seats"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_accepted_user_id_users_id_fk" FOREIGN KEY ("accepted_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_open_per_email" ON "invitations" USING btree ("organisation_id","role","email") WHERE "invitations"."accepted_at" is null and "invitations"."revoked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_open_per_seat" ON "invitations" USING btree ("seat_id") WHERE "invitations"."accepted_at" is null and "invitations"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "invitations_organisation_idx" ON "invitations" USING btree ("organisation_id","role","created_at");--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id","role");--> statement-breakpoint
CREATE UNIQUE INDEX "seats_one_per_user_per_org" ON "seats" USING btree ("organisation_id","assigned_user_id") WHERE "seats"."status" = 'assigned' and "seats"."organisation_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "seats_one_per_email_per_org" ON "seats" USING btree ("organisation_id","invited_email") WHERE "seats"."status" in ('invited', 'assigned') and "seats"."organisation_id" is not null;--> statement-breakpoint
ALTER TABLE "seats" ADD CONSTRAINT "seats_available_is_free" CHECK ("seats"."status" <> 'available' or ("seats"."assigned_user_id" is null and "seats"."invited_email" is null));--> statement-breakpoint
ALTER TABLE "seats" ADD CONSTRAINT "seats_invited_names_email" CHECK ("seats"."status" <> 'invited' or ("seats"."invited_email" is not null and "seats"."assigned_user_id" is null));--> statement-breakpoint
ALTER TABLE "seats" ADD CONSTRAINT "seats_email_normalised" CHECK ("seats"."invited_email" is null or "seats"."invited_email" = lower(btrim("seats"."invited_email")));