/** Every transactional email, as plain text: clear on any phone and any mail client. */
export type EmailTemplate =
  | { template: 'verify-email', name: string, link: string }
  | { template: 'sign-up-existing', name: string, signInLink: string, resetLink: string }
  | { template: 'reset-password', name: string, link: string }
  | { template: 'password-changed', name: string }
  | { template: 'order-receipt', name: string, orderId: string, paidOn: string, quantity: number, unitPrice: string, total: string, purchaseOrderRef: string | null, organisationName: string | null, nextStepLink: string, receiptLink: string }
  | { template: 'payment-failed', name: string, orderId: string, total: string, buyLink: string }
  | { template: 'order-refunded', name: string, orderId: string, refunded: string, licencesRevoked: number }
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
    case 'order-receipt': {
      const lines = [
        `Order: ${mail.orderId}`,
        `Paid on: ${mail.paidOn}`,
        `Licences: ${mail.quantity} at ${mail.unitPrice} each`,
        `Total paid: ${mail.total}`,
        ...(mail.organisationName ? [`Organisation: ${mail.organisationName}`] : []),
        ...(mail.purchaseOrderRef ? [`Purchase order: ${mail.purchaseOrderRef}`] : []),
      ]
      const next = mail.organisationName
        ? `Your licences are ready for you to give to your staff and carers:\n${mail.nextStepLink}`
        : `Your licence is ready. Start the course:\n${mail.nextStepLink}`
      return {
        subject: 'Your receipt: Children Missing from Care licences',
        text: `Hello ${mail.name},\n\nThank you: your payment has been received.\n\n${lines.join('\n')}\n\n${next}\n\nYour receipt and invoice: ${mail.receiptLink}${signOff}`,
      }
    }
    case 'payment-failed':
      return {
        subject: 'Your payment did not go through',
        text: `Hello ${mail.name},\n\nYour bank did not complete the payment of ${mail.total} for order ${mail.orderId}, so no licences were issued and nothing was charged.\n\nYou can try again with another payment method: ${mail.buyLink}${signOff}`,
      }
    case 'order-refunded':
      return {
        subject: 'Your refund',
        text: `Hello ${mail.name},\n\nWe have refunded ${mail.refunded} for order ${mail.orderId}.${mail.licencesRevoked ? ` ${mail.licencesRevoked} unused ${mail.licencesRevoked === 1 ? 'licence has' : 'licences have'} been withdrawn.` : ''} Licences already given to learners stay with them.\n\nRefunds usually reach your account within 5 to 10 working days.${signOff}`,
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
