import { formatPence } from '#shared/pricing'
import { isUuid } from '#shared/types/params'
import { actionPhrase, auditWords as words, capitalise as capital } from '#shared/types/audit'

/**
 * The audit log in words for admins (issue 19 item 14): an action phrase for each kind of entry, who or
 * what it was about by name, and its details as short sentences. The raw ids and JSON stay beside them
 * for investigators; this only reads them.
 */

/** Names the log's ids stand for, looked up for one page of entries. An erased person is "erased user". */
export interface AuditNames {
  users: ReadonlyMap<string, { name: string, erased: boolean }>
  organisations: ReadonlyMap<string, string>
}

export interface AuditFacts {
  action: string
  targetType: string | null
  targetId: string | null
  details: string | null
}

export interface ReadableAudit {
  /** "Sent an invitation", "Order paid"... */
  phrase: string
  /** Whom or what the entry is about, in words; `userId` when it is a person with an account page. */
  subject: { label: string, userId: string | null } | null
  /** The details as sentences. */
  sentences: string[]
}

function personName(names: AuditNames, id: unknown): string | null {
  if (typeof id !== 'string') return null
  const user = names.users.get(id)
  if (!user) return 'a person no longer on record'
  return user.erased ? 'erased user' : user.name
}

function parse(details: string | null): Record<string, unknown> {
  if (!details) return {}
  try {
    const value = JSON.parse(details) as unknown
    return value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : { text: details }
  }
  catch {
    return { text: details }
  }
}

const TARGET_WORDS: Record<string, string> = {
  certificate: 'a certificate',
  invitation: 'an invitation',
  order: 'an order',
  organisation: 'an organisation',
  scorm_package: 'a SCORM package',
  seat: 'a licence',
  user: 'a person',
}

function subjectOf(entry: AuditFacts, details: Record<string, unknown>, names: AuditNames): ReadableAudit['subject'] {
  const { targetType, targetId } = entry
  if (!targetType) return null
  if (targetType === 'user' && targetId) return { label: personName(names, targetId)!, userId: targetId }
  if (targetType === 'organisation' && targetId) return { label: names.organisations.get(targetId) ?? (typeof details.name === 'string' ? details.name : 'an organisation'), userId: null }
  if ((targetType === 'invitation' || targetType === 'seat') && typeof details.email === 'string') return { label: details.email, userId: null }
  if (targetType === 'certificate' && typeof details.code === 'string') return { label: `Certificate ${details.code}`, userId: null }
  if (targetType === 'scorm_package' && typeof details.title === 'string') return { label: `“${details.title}”`, userId: null }
  return { label: capital(TARGET_WORDS[targetType] ?? words(targetType)), userId: null }
}

const pence = (value: unknown) => typeof value === 'number' ? formatPence(value) : String(value)

/**
 * One sentence per detail this log is known to record; ids that mean nothing to a reader (Stripe event ids,
 * seat and order ids) are left to the raw view. A detail not listed here still shows, as "key: value".
 */
function sentence(key: string, value: unknown, details: Record<string, unknown>, names: AuditNames): string | null {
  switch (key) {
    case 'organisationId': return typeof value === 'string' ? `In ${names.organisations.get(value) ?? 'an organisation no longer on record'}.` : null
    case 'email': return null // shown as the subject
    case 'role': return value === 'manager' ? 'As a training lead.' : 'As a learner.'
    case 'seatFreed': return value ? 'Its licence is free again.' : 'No licence was held for it.'
    case 'newAccount': return value ? 'They created an account to accept it.' : null
    case 'userId':
    case 'buyerId': return `Person: ${personName(names, value)}.`
    case 'reason': return `Reason: ${String(value)}.`
    case 'code': return details.supersededCode ? `New certificate ${String(value)}.` : null
    case 'supersededCode': return `Replaces certificate ${String(value)}.`
    case 'sent': return value ? 'The email was sent.' : 'Not sent again: one went less than a minute before.'
    case 'certificatesRevoked': return `Certificates revoked: ${Number(value)}.`
    case 'invitationsWithdrawn': return `Open invitations withdrawn: ${Number(value)}.`
    case 'report': return `The ${String(value)} report.`
    case 'format': return `As ${String(value).toUpperCase()}.`
    case 'title': return null // shown as the subject
    case 'version': return `Version ${String(value)}.`
    case 'name': return `Named “${String(value)}”.`
    case 'from': return `Was ${words(String(value))}.`
    case 'amountPence': return `Amount: ${pence(value)}.`
    case 'totalPence': return `Total: ${pence(value)}.`
    case 'expectedPence': return `Expected: ${pence(value)}.`
    case 'refundedPence': return `Refunded: ${pence(value)}.`
    case 'previouslyRefundedPence': return Number(value) ? `Already refunded before: ${pence(value)}.` : null
    case 'quantity': return `Licences: ${Number(value)}.`
    case 'seatsCreated': return `Licences created: ${Number(value)}.`
    case 'seatsRevoked': return `Licences withdrawn: ${Number(value)}.`
    case 'kind': return `Kind: ${words(String(value))}.`
    case 'error': return `Error: ${String(value)}.`
    case 'text': return String(value)
    case 'by': return value === 'lead' ? 'Started by a training lead.' : 'Started by the learner.'
    case 'enrolmentId':
    case 'renews':
    case 'order':
    case 'seatId':
    case 'stripeEvent':
    case 'eventType':
    case 'disputeId':
    case 'currency':
    case 'filters': return null
  }
  if (value === null || value === undefined || typeof value === 'object') return null
  return `${capital(words(key))}: ${String(value)}.`
}

export function readableAudit(entry: AuditFacts, names: AuditNames): ReadableAudit {
  const details = parse(entry.details)
  return {
    phrase: actionPhrase(entry.action),
    subject: subjectOf(entry, details, names),
    sentences: Object.entries(details).map(([key, value]) => sentence(key, value, details, names)).filter((s): s is string => Boolean(s)),
  }
}

/** The ids of people and organisations a page of entries mentions, to look their names up in one go. */
export function idsToName(entries: readonly AuditFacts[]): { userIds: string[], organisationIds: string[] } {
  const userIds = new Set<string>()
  const organisationIds = new Set<string>()
  for (const entry of entries) {
    const details = parse(entry.details)
    if (entry.targetType === 'user' && entry.targetId) userIds.add(entry.targetId)
    if (entry.targetType === 'organisation' && entry.targetId) organisationIds.add(entry.targetId)
    for (const key of ['userId', 'buyerId']) if (typeof details[key] === 'string') userIds.add(details[key])
    if (typeof details.organisationId === 'string') organisationIds.add(details.organisationId)
  }
  return { userIds: [...userIds].filter(isUuid), organisationIds: [...organisationIds].filter(isUuid) }
}
