import { z } from 'zod'
import { parseCertificateCode } from '../certificate-code'
import { multilineText, nameText } from './text'

const reason = multilineText({ error: 'Give a reason.' }).trim().min(3, 'Give a reason of at least 3 characters.').max(500, 'Keep the reason under 500 characters.')

export const revokeCertificateSchema = z.object({ reason })

export const reissueCertificateSchema = z.object({
  learnerName: nameText({ error: 'Enter the corrected name.' }).trim().min(1, 'Enter the corrected name.').max(120, 'Names are at most 120 characters.'),
  reason,
})

/** The check form: the same reading of a typed code as the server's, so a typing mistake is explained at once. */
export const certificateCodeFormSchema = z.object({
  code: z.string({ error: 'Enter the certificate code.' }).max(100, 'That is too long to be a certificate code.').superRefine((value, ctx) => {
    const parsed = parseCertificateCode(value)
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message })
  }),
})
