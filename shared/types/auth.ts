import { z } from 'zod'
import { nameText } from './text'

// Shared by the forms (instant messages) and the server (the check that counts).
export const emailSchema = z.string({ error: 'Enter your email address.' }).trim().max(254, 'Email addresses are at most 254 characters.').pipe(z.email({ error: 'Enter an email address like name@example.org.' }))
export const newPasswordSchema = z.string({ error: 'Enter a password.' })
  .min(10, 'Use at least 10 characters.')
  .max(128, 'Use at most 128 characters.')

export const fullNameSchema = nameText({ error: 'Enter your full name.' }).trim().min(1, 'Enter your full name.').max(120, 'Names are at most 120 characters.')

export const signUpSchema = z.object({
  name: fullNameSchema,
  email: emailSchema,
  password: newPasswordSchema,
})

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(1000, 'That password is too long.'),
})

export const emailOnlySchema = z.object({ email: emailSchema })

export const tokenField = z.string({ error: 'The link is missing its code.' }).min(1, 'The link is missing its code.').max(200, 'The link is not valid.')

export const tokenSchema = z.object({ token: tokenField })

export const resetPasswordSchema = z.object({ token: tokenField, password: newPasswordSchema })

export const changePasswordSchema = z.object({
  currentPassword: z.string({ error: 'Enter your current password.' }).min(1, 'Enter your current password.').max(1000),
  newPassword: newPasswordSchema,
})

export type SignUpInput = z.infer<typeof signUpSchema>
