CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"buyer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"organisation_id" uuid,
	"organisation_name" text,
	"quantity" integer NOT NULL,
	"unit_price_pence" integer NOT NULL,
	"total_pence" integer NOT NULL,
	"currency" text DEFAULT 'gbp' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"purchase_order_ref" text,
	"request_id" uuid NOT NULL,
	"stripe_checkout_session_id" text,
	"checkout_url" text,
	"stripe_payment_intent_id" text,
	"stripe_invoice_id" text,
	"refunded_pence" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	"refunded_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "orders_stripe_checkout_session_id_unique" UNIQUE("stripe_checkout_session_id"),
	CONSTRAINT "orders_stripe_payment_intent_id_unique" UNIQUE("stripe_payment_intent_id"),
	CONSTRAINT "orders_buyer_request_uq" UNIQUE("buyer_id","request_id"),
	CONSTRAINT "orders_status_known" CHECK ("orders"."status" in ('pending', 'processing', 'paid', 'failed', 'expired', 'refunded')),
	CONSTRAINT "orders_kind_known" CHECK ("orders"."kind" in ('individual', 'organisation')),
	CONSTRAINT "orders_quantity_range" CHECK ("orders"."quantity" between 1 and 10000),
	CONSTRAINT "orders_unit_price_positive" CHECK ("orders"."unit_price_pence" > 0),
	CONSTRAINT "orders_total_is_unit_times_quantity" CHECK ("orders"."total_pence" = "orders"."unit_price_pence" * "orders"."quantity"),
	CONSTRAINT "orders_currency_gbp" CHECK ("orders"."currency" = 'gbp'),
	CONSTRAINT "orders_refund_range" CHECK ("orders"."refunded_pence" between 0 and "orders"."total_pence"),
	CONSTRAINT "orders_individual_single_licence" CHECK ("orders"."kind" <> 'individual' or ("orders"."quantity" = 1 and "orders"."organisation_id" is null and "orders"."organisation_name" is null)),
	CONSTRAINT "orders_organisation_named" CHECK ("orders"."kind" <> 'organisation' or "orders"."organisation_id" is not null or "orders"."organisation_name" is not null),
	CONSTRAINT "orders_paid_has_organisation" CHECK ("orders"."kind" <> 'organisation' or "orders"."status" not in ('paid', 'refunded') or "orders"."organisation_id" is not null),
	CONSTRAINT "orders_paid_at_set" CHECK ("orders"."status" not in ('paid', 'refunded') or "orders"."paid_at" is not null),
	CONSTRAINT "orders_refunded_in_full" CHECK ("orders"."status" <> 'refunded' or "orders"."refunded_pence" = "orders"."total_pence")
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"checkout_session_id" text,
	"payment_intent_id" text,
	"outcome" text NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "seats" ADD COLUMN "order_id" uuid;--> statement-breakpoint
ALTER TABLE "seats" ADD COLUMN "order_seq" integer;--> statement-breakpoint
ALTER TABLE "seats" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orders_buyer_idx" ON "orders" USING btree ("buyer_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_organisation_idx" ON "orders" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "stripe_events_session_idx" ON "stripe_events" USING btree ("checkout_session_id");--> statement-breakpoint
CREATE INDEX "stripe_events_payment_intent_idx" ON "stripe_events" USING btree ("payment_intent_id","type");--> statement-breakpoint
ALTER TABLE "seats" ADD CONSTRAINT "seats_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "seats_organisation_status_idx" ON "seats" USING btree ("organisation_id","status");--> statement-breakpoint
ALTER TABLE "seats" ADD CONSTRAINT "seats_order_seq_uq" UNIQUE("order_id","order_seq");--> statement-breakpoint
ALTER TABLE "seats" ADD CONSTRAINT "seats_order_seq_with_order" CHECK (("seats"."order_id" is null) = ("seats"."order_seq" is null));--> statement-breakpoint
ALTER TABLE "seats" ADD CONSTRAINT "seats_order_seq_positive" CHECK ("seats"."order_seq" is null or "seats"."order_seq" >= 1);--> statement-breakpoint
ALTER TABLE "seats" ADD CONSTRAINT "seats_revoked_at_set" CHECK (("seats"."status" = 'revoked') = ("seats"."revoked_at" is not null));