CREATE TABLE "quotes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"buyer_id" uuid NOT NULL,
	"organisation_id" uuid,
	"organisation_name" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_pence" integer NOT NULL,
	"total_pence" integer NOT NULL,
	"vat_pence" integer DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'gbp' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	CONSTRAINT "quotes_reference_unique" UNIQUE("reference"),
	CONSTRAINT "quotes_quantity_range" CHECK ("quotes"."quantity" between 1 and 10000),
	CONSTRAINT "quotes_total_is_unit_times_quantity" CHECK ("quotes"."total_pence" = "quotes"."unit_price_pence" * "quotes"."quantity"),
	CONSTRAINT "quotes_vat_non_negative" CHECK ("quotes"."vat_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "reference_counters" (
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"last_value" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "reference_counters_year_kind_pk" PRIMARY KEY("year","kind")
);
--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_status_known";--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_paid_has_organisation";--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "reference" text;--> statement-breakpoint
-- Existing orders get readable references in the order they were placed, numbered within each year (London time),
-- with the default prefix; the counters then continue from the highest number used.
UPDATE "orders" o SET "reference" = 'CMC-' || n.y || '-' || lpad(n.seq::text, 5, '0')
FROM (
  SELECT id, extract(year from created_at at time zone 'Europe/London')::int AS y,
    row_number() OVER (PARTITION BY extract(year from created_at at time zone 'Europe/London') ORDER BY created_at, id) AS seq
  FROM "orders"
) n WHERE n.id = o.id;--> statement-breakpoint
INSERT INTO "reference_counters" ("year", "kind", "last_value")
SELECT extract(year from created_at at time zone 'Europe/London')::int, 'order', count(*)::int FROM "orders" GROUP BY 1;--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "reference" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "vat_pence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "pay_by" text DEFAULT 'card' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "billing_email" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "quote_id" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "stripe_customer_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "invoice_url" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "invoice_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "reminded_before_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "reminded_overdue_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "seats" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quotes_buyer_idx" ON "quotes" USING btree ("buyer_id","created_at");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orders_invoice_due_idx" ON "orders" USING btree ("invoice_due_at") WHERE "orders"."status" = 'invoiced';--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_reference_unique" UNIQUE("reference");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_pay_by_known" CHECK ("orders"."pay_by" in ('card', 'invoice'));--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_vat_non_negative" CHECK ("orders"."vat_pence" >= 0);--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_invoice_is_organisation" CHECK ("orders"."pay_by" <> 'invoice' or ("orders"."kind" = 'organisation' and "orders"."purchase_order_ref" is not null and "orders"."billing_email" is not null));--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_invoiced_has_due_date" CHECK ("orders"."status" <> 'invoiced' or "orders"."invoice_due_at" is not null);--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_status_known" CHECK ("orders"."status" in ('pending', 'processing', 'invoiced', 'paid', 'failed', 'expired', 'refunded', 'void'));--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_paid_has_organisation" CHECK ("orders"."kind" <> 'organisation' or "orders"."status" not in ('paid', 'refunded', 'invoiced', 'void') or "orders"."organisation_id" is not null);--> statement-breakpoint
ALTER TABLE "seats" ADD CONSTRAINT "seats_suspended_is_revoked" CHECK ("seats"."suspended_at" is null or "seats"."status" = 'revoked');