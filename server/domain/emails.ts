/** Every transactional email, as plain text: clear on any phone and any mail client. */
export type EmailTemplate =
  | { template: 'verify-email', name: string, link: string }
  | { template: 'sign-up-existing', name: string, signInLink: string, resetLink: string }
  | { template: 'reset-password', name: string, link: string }
  | { template: 'password-changed', name: string }
  | { template: 'certificate-issued', name: string, courseTitle: string, code: string, verifyLink: string, accountLink: string, reissued: boolean }

export interface RenderedEmail {
  subject: string
  text: string
}

const signOff = '\n\nChildren Missing from Care\nIf you did not expect this email, you can ignore it.'

export function renderEmail(mail: EmailTemplate): RenderedEmail {
  switch (mail.template) {
    case 'verify-email':
      return {
        subject: 'Confirm your email address',
        text: `Hello ${mail.name},\n\nPlease confirm your email address to finish creating your account:\n\n${mail.link}\n\nThe link works once and lasts 24 hours.${signOff}`,
      }
    case 'sign-up-existing':
      return {
        subject: 'You already have an account',
        text: `Hello ${mail.name},\n\nSomeone tried to create an account with this email address, but you already have one.\n\nSign in: ${mail.signInLink}\nForgotten your password? Reset it: ${mail.resetLink}${signOff}`,
      }
    case 'reset-password':
      return {
        subject: 'Reset your password',
        text: `Hello ${mail.name},\n\nUse this link to choose a new password:\n\n${mail.link}\n\nThe link works once and lasts one hour. Resetting your password signs you out everywhere.${signOff}`,
      }
    case 'password-changed':
      return {
        subject: 'Your password was changed',
        text: `Hello ${mail.name},\n\nYour password was just changed, and your other devices were signed out.\n\nIf this was not you, reset your password straight away.${signOff}`,
      }
    case 'certificate-issued':
      return {
        subject: mail.reissued ? 'Your certificate has been reissued' : 'Your certificate is ready',
        text: `Hello ${mail.name},\n\n${mail.reissued
          ? `Your certificate for "${mail.courseTitle}" has been reissued with corrected details. The old certificate no longer counts.`
          : `Well done: you have completed "${mail.courseTitle}".`}\n\nDownload your certificate (PDF) from your account:\n${mail.accountLink}\n\nYour certificate code is ${mail.code}. Anyone you show the certificate to can check it is genuine here:\n${mail.verifyLink}${signOff}`,
      }
  }
}

/** Links in emails carry tokens in the fragment, which browsers never send to servers or in Referer headers. */
export function tokenLink(siteUrl: string, path: string, token: string): string {
  return `${siteUrl.replace(/\/$/, '')}${path}#token=${token}`
}
