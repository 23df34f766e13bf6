import { parse } from 'csv-parse/sync'
import { DomainError } from '../platform/errors'
import { MAX_INVITATION_BATCH } from '#shared/types/orgs'
import type { InvitationCandidate } from './seats'

/** An uploaded list of people is a few hundred kilobytes at most; anything bigger is refused unread. */
export const MAX_UPLOAD_BYTES = 1024 * 1024

/** What browsers and spreadsheet programs call a CSV file (Windows says "Excel" for any .csv). */
export const CSV_CONTENT_TYPES = ['text/csv', 'application/csv', 'text/comma-separated-values', 'application/vnd.ms-excel', 'text/plain']

export function isCsvContentType(header: string | undefined): boolean {
  const type = header?.split(';')[0]?.trim().toLowerCase()
  return Boolean(type && CSV_CONTENT_TYPES.includes(type))
}

const tooMany = () => new DomainError('invalid', `A list can invite at most ${MAX_INVITATION_BATCH.toLocaleString('en-GB')} people at a time. Split it into smaller files.`, { code: 'too_many_rows' })

/**
 * The text of an uploaded file. Excel saves "CSV UTF-8" with a byte-order mark and plain "CSV" in
 * Windows-1252, so text that is not valid UTF-8 is read as Windows-1252 rather than garbling names.
 * A spreadsheet saved in its own format (.xlsx is a zip) is binary: say how to save it as CSV instead.
 */
export function decodeUpload(bytes: Uint8Array): string {
  if (bytes.includes(0)) {
    throw new DomainError('unsupported', 'This file is not a CSV file. In your spreadsheet, choose File, Save as, and "CSV UTF-8".', { code: 'not_csv' })
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  }
  catch {
    return new TextDecoder('windows-1252').decode(bytes)
  }
}

const EMAIL_HEADER = /^\s*e-?mail(\s+address)?\s*$/i
const NAME_HEADER = /^\s*(full\s+)?name\s*$/i
const FIRST_NAME_HEADER = /^\s*(first|given)\s*name\s*$/i
const LAST_NAME_HEADER = /^\s*(last|family|sur)\s*name\s*$/i
// Compliance columns (docs/compliance.md): a team's name and a due date ("2026-03-31", "31/03/2026", "within 6 weeks").
const TEAM_HEADER = /^\s*team(\s+name)?\s*$/i
const DUE_HEADER = /^\s*(due|due\s+(date|by|on)|complete\s+by)\s*$/i

/**
 * The people in a CSV file: with a header row naming an "Email" column (and optionally "Name", or
 * "First name" and "Last name", and "Team" and "Due date"), or without one, as email then name. Commas, semicolons and tabs all
 * separate fields. Each person keeps the file's line number so the preview can point at it.
 */
export function parseInvitationCsv(text: string): InvitationCandidate[] {
  let records: { record: string[], info: { lines: number } }[]
  try {
    records = parse(text, {
      bom: true,
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
      info: true,
      to: MAX_INVITATION_BATCH + 2,
    }) as unknown as { record: string[], info: { lines: number } }[]
  }
  catch (error) {
    const where = (error as { lines?: number }).lines
    throw new DomainError('invalid', `This file could not be read as CSV${where ? ` (near line ${where})` : ''}. Check that quotes are closed, or save it again as "CSV UTF-8".`, { code: 'csv_malformed' })
  }
  const [first] = records
  if (!first) throw new DomainError('invalid', 'This file is empty. Put one email address on each line.', { code: 'csv_empty' })

  const header = first.record
  const emailColumn = header.findIndex(cell => EMAIL_HEADER.test(cell))
  let pick: (cells: string[]) => Omit<InvitationCandidate, 'line'>
  let body = records
  if (emailColumn >= 0) {
    body = records.slice(1)
    const nameColumn = header.findIndex(cell => NAME_HEADER.test(cell))
    const firstColumn = header.findIndex(cell => FIRST_NAME_HEADER.test(cell))
    const lastColumn = header.findIndex(cell => LAST_NAME_HEADER.test(cell))
    const teamColumn = header.findIndex(cell => TEAM_HEADER.test(cell))
    const dueColumn = header.findIndex(cell => DUE_HEADER.test(cell))
    pick = (cells) => {
      const joined = [firstColumn, lastColumn].filter(i => i >= 0).map(i => cells[i] ?? '').join(' ').trim()
      return {
        email: cells[emailColumn] ?? '',
        name: (nameColumn >= 0 ? cells[nameColumn] : joined) || null,
        ...(teamColumn >= 0 && cells[teamColumn] ? { team: cells[teamColumn] } : {}),
        ...(dueColumn >= 0 && cells[dueColumn] ? { due: cells[dueColumn] } : {}),
      }
    }
  }
  else {
    pick = cells => ({ email: cells[0] ?? '', name: cells[1] || null })
  }
  if (body.length > MAX_INVITATION_BATCH) throw tooMany()
  if (!body.length) throw new DomainError('invalid', 'This file has a header row but nobody under it.', { code: 'csv_empty' })
  return body.map(({ record, info }) => ({ line: info.lines, ...pick(record) }))
}

const NAMED_ADDRESS = /^(.*?)\s*<([^<>]*)>$/s

/**
 * Splits pasted text into one piece per person. Line breaks and semicolons always end a person; a comma
 * ends one only once an address has been seen, because Outlook copies "Hughes, Olivia <olivia@…>" with
 * the surname first and a comma inside the name. Nothing inside quotes or angle brackets splits.
 */
function pastedEntries(text: string): string[] {
  const entries: string[] = []
  let current = ''
  let quoted = false
  let bracketed = false
  const end = () => {
    if (current.trim()) entries.push(current.trim())
    current = ''
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '\\' && quoted && i + 1 < text.length) {
      current += c + text[++i]
      continue
    }
    if (c === '\n' || c === '\r') {
      // A line break ends a person even after an unclosed quote or bracket, so one typo spoils one row.
      end()
      quoted = bracketed = false
      continue
    }
    if (c === '"') quoted = !quoted
    else if (!quoted && c === '<') bracketed = true
    else if (!quoted && c === '>') bracketed = false
    else if (!quoted && !bracketed && (c === ';' || (c === ',' && current.includes('@')))) {
      end()
      continue
    }
    current += c
  }
  end()
  return entries
}

/**
 * A display name as mail programs write it: quotes and escapes removed, and "Surname, First" turned round
 * to "First Surname". A name that is only the address again says nothing, so it is dropped.
 */
export function displayName(raw: string, email: string): string | null {
  let name = raw.trim()
  if (/^".*"$/s.test(name) || /^'.*'$/s.test(name)) name = name.slice(1, -1)
  name = name.replace(/\\(.)/g, '$1').replace(/\s+/g, ' ').trim()
  const parts = name.split(',').map(p => p.trim())
  if (parts.length === 2 && parts[0] && parts[1] && !name.includes('@')) name = `${parts[1]} ${parts[0]}`
  if (!name || name.toLowerCase() === email.toLowerCase()) return null
  return name
}

/**
 * The people in a pasted list: one per line, or separated by semicolons, commas or spaces, as plain
 * addresses or as mail programs copy them ("Sam Carer <sam@example.org>", "\"Carer, Sam\" <sam@…>",
 * Outlook's "Carer, Sam <sam@…>; …"), keeping the whole name.
 */
export function parsePastedList(text: string): InvitationCandidate[] {
  const people: InvitationCandidate[] = []
  for (const piece of pastedEntries(text)) {
    const named = piece.match(NAMED_ADDRESS)
    if (named) {
      const email = named[2]!.trim()
      people.push({ line: people.length + 1, email, name: displayName(named[1]!, email) })
    }
    else {
      for (const word of piece.split(/[\s,]+/)) if (word) people.push({ line: people.length + 1, email: word, name: null })
    }
    if (people.length > MAX_INVITATION_BATCH) throw tooMany()
  }
  if (!people.length) throw new DomainError('invalid', 'Enter at least one email address.', { code: 'list_empty' })
  return people
}
