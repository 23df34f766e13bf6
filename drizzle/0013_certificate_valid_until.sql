ALTER TABLE "certificates" ADD COLUMN "valid_until" date;--> statement-breakpoint
-- Backfill: what verification read until now (the completion day in the UK plus the current period of the
-- organisation whose licence the completion used), fixed from here on. No such organisation or period: null.
UPDATE "certificates" AS c SET "valid_until" = ((c."completed_at" AT TIME ZONE 'Europe/London')::date + make_interval(months => o."certificate_months"))::date
FROM "enrolments" e
JOIN "seats" s ON s."id" = e."seat_id"
JOIN "organisations" o ON o."id" = s."organisation_id"
WHERE e."id" = c."enrolment_id" AND o."certificate_months" IS NOT NULL;
