/**
 * Audit actions in words, shared: the admin pages name actions in filters and lists, and the server's readable
 * audit (server/domain/platform/audit-text.ts) starts each entry with the same phrase.
 */

const PHRASES: Record<string, string> = {
  'admin.granted': 'Made an admin',
  'admin.revoked': 'Removed admin rights',
  'certificate.reissued': 'Reissued a certificate',
  'certificate.revoked': 'Revoked a certificate',
  'invitation.accepted': 'Accepted an invitation',
  'invitation.resent': 'Sent an invitation again',
  'invitation.sent': 'Sent an invitation',
  'invitation.withdrawn': 'Withdrew an invitation',
  'learner.reminded': 'Reminded a learner',
  'membership.manager_added': 'Became a training lead',
  'membership.manager_left': 'Stopped being a training lead',
  'order.buyer_not_manager': 'Buyer not made a training lead',
  'order.checkout_failed': 'Checkout could not start',
  'order.created': 'Placed an order',
  'order.expired': 'Order expired unpaid',
  'order.paid': 'Order paid',
  'order.partially_refunded': 'Order partly refunded',
  'order.payment_failed': 'Payment failed',
  'order.payment_mismatch': 'Payment did not match the order',
  'order.refunded': 'Order refunded',
  'organisation.created': 'Organisation created',
  'refresher.started': 'Started a refresher (took a licence)',
  'report.downloaded': 'Downloaded a report',
  'report.exported': 'Exported a report',
  'scorm.package_archived': 'Archived a SCORM package',
  'scorm.package_restored': 'Restored a SCORM package',
  'scorm.package_uploaded': 'Uploaded a SCORM package',
  'seat.released': 'Took back a licence',
  'user.erased': 'Erased a person',
  'user.exported': 'Downloaded a person\'s data',
  'user.verification_resent': 'Resent a confirmation email',
}

export const auditWords = (text: string) => text.replace(/[._]/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().trim()
export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** The phrase for an action; one this list does not know yet reads as its words ("order.dispute_opened" → "Order: dispute opened"). */
export function actionPhrase(action: string): string {
  const known = PHRASES[action]
  if (known) return known
  const [family, ...rest] = action.split('.')
  return rest.length ? `${capitalise(auditWords(family!))}: ${auditWords(rest.join(' '))}` : capitalise(auditWords(action))
}
