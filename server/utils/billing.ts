import { vatBasisPoints, type BillingSettings } from '../domain/billing/billing'

/** Council buying settings from the runtime config (checked at start-up by 00.assert-config.ts). */
export function billingSettings(): BillingSettings {
  const c = useRuntimeConfig()
  return {
    supplier: {
      name: String(c.supplierName ?? ''),
      address: String(c.supplierAddress ?? ''),
      charityNumber: String(c.supplierCharityNumber ?? ''),
      vatNumber: String(c.supplierVatNumber ?? ''),
    },
    vatRatePercent: Number(c.vatRatePercent),
    vatBasisPoints: vatBasisPoints(c.vatRatePercent) ?? 0,
    referencePrefix: String(c.orderReferencePrefix),
    suspendAfterDays: Number(c.invoiceSuspendAfterDays),
  }
}
