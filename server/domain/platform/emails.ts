/** Every transactional email, as plain text: clear on any phone and any mail client. */
export type EmailTemplate =
  | { template: 'verify-email', name: string, link: string }
  | { template: 'sign-up-existing', name: string, signInLink: string, resetLink: string }
  | { template: 'reset-password', name: string, link: string }
  | { template: 'password-changed', name: string }
  | { template: 'order-receipt', name: string, orderId: string, paidOn: string, quantity: number, unitPrice: string, total: string, purchaseOrderRef: string | null, organisationName: string | null, nextStepLink: string, receiptLink: string }
  | { template: 'payment-failed', name: string, orderId: string, total: string, buyLink: string }
  | { template: 'order-refunded', name: string, orderId: string, refunded: string, licencesRevoked: number, ownLicenceEnded?: boolean }
  | { template: 'dispute-alert', orderId: string, eventType: string, disputeId: string, status: string, reason: string, amount: string, buyerEmail: string, adminLink: string }
  | { template: 'certificate-issued', name: string, courseTitle: string, code: string, verifyLink: string, accountLink: string, reissued: boolean }
  | { template: 'seat-invitation', name: string | null, organisationName: string, inviterName: string, link: string, expiresOn: string }
  | { template: 'manager-invitation', name: string | null, organisationName: string, inviterName: string, link: string, expiresOn: string }
  | { template: 'invoice-issued', reference: string, organisationName: string, quantity: number, total: string, purchaseOrderRef: string, dueOn: string, payLink: string, orgLink: string }
  | { template: 'invoice-reminder', reference: string, organisationName: string, total: string, purchaseOrderRef: string, dueOn: string, overdue: boolean, suspendOn: string, payLink: string }
  | { template: 'invoice-suspended', reference: string, organisationName: string, total: string, licencesSuspended: number, payLink: string }
  | { template: 'invoice-withdrawn', reference: string, organisationName: string, licencesWithdrawn: number, uncollectible: boolean }
  | { template: 'invoice-payment-failed', reference: string, organisationName: string, total: string, payLink: string }
  | { template: 'learner-reminder', name: string, organisationName: string, inviterName: string, started: boolean, courseLink: string }
  | { template: 'scheduled-reminder', name: string | null, organisationName: string, kind: 'before_due' | 'due_today' | 'overdue' | 'expiring', date: string, link: string, linkExpiresOn: string | null, stopLink: string }

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
      if (mail.ownLicenceEnded) {
        return {
          subject: 'Your refund',
          text: `Hello ${mail.name},\n\nWe have refunded ${mail.refunded} for order ${mail.orderId}. Your licence has ended, so the paid sections of the course are closed to you. We keep your progress: if you buy a licence again, you carry on where you left off.\n\nRefunds usually reach your account within 5 to 10 working days.${signOff}`,
        }
      }
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
    case 'seat-invitation':
      return {
        subject: `${mail.organisationName} has given you a place on Children Missing from Care`,
        text: `Hello ${mail.name ?? 'there'},\n\n${mail.inviterName} at ${mail.organisationName} has given you a licence for "Children Missing from Care", an online course of about an hour and a half for foster carers, children's home staff and social workers on keeping children in care safe when they go missing. You can take it in short sittings, on a phone or a computer, and you get a certificate at the end.\n\nAccept your place and start the course:\n\n${mail.link}\n\nThe link works once and lasts until ${mail.expiresOn}. If it has run out, ask ${mail.inviterName} to send a new one.${signOff}`,
      }
    case 'manager-invitation':
      return {
        subject: `Help manage ${mail.organisationName} on Children Missing from Care`,
        text: `Hello ${mail.name ?? 'there'},\n\n${mail.inviterName} has asked you to be a training lead for ${mail.organisationName}: you will be able to invite staff and carers, follow their progress and buy more licences.\n\nAccept:\n\n${mail.link}\n\nThe link works once and lasts until ${mail.expiresOn}.${signOff}`,
      }
    case 'dispute-alert':
      return {
        subject: `Payment dispute on order ${mail.orderId}: ${mail.status}`,
        text: `A payment dispute (chargeback) was reported by Stripe.\n\nOrder: ${mail.orderId}\nBuyer: ${mail.buyerEmail}\nEvent: ${mail.eventType}\nDispute: ${mail.disputeId}\nStatus: ${mail.status}\nReason: ${mail.reason}\nAmount: ${mail.amount}\n\nRespond with evidence in the Stripe dashboard before its deadline. The buyer's licences are unchanged; if the dispute is lost, refund or revoke them from the admin pages.\n${mail.adminLink}${signOff}`,
      }
    case 'invoice-issued':
      return {
        subject: `Invoice ${mail.reference} for ${mail.organisationName}: due ${mail.dueOn}`,
        text: `Hello,\n\nThank you for your order. Invoice ${mail.reference} for purchase order ${mail.purchaseOrderRef} is ready:\n\nLicences: ${mail.quantity}\nTotal to pay: ${mail.total}\nDue by: ${mail.dueOn}\n\nPay by bank transfer or card, or download the invoice:\n${mail.payLink}\n\nThe ${mail.quantity} licences are ready now, so your training lead can invite people straight away:\n${mail.orgLink}${signOff}`,
      }
    case 'invoice-reminder':
      return {
        subject: mail.overdue ? `Invoice ${mail.reference} is overdue` : `Invoice ${mail.reference} is due on ${mail.dueOn}`,
        text: `Hello,\n\n${mail.overdue
          ? `Invoice ${mail.reference} for ${mail.organisationName} (purchase order ${mail.purchaseOrderRef}, ${mail.total}) was due on ${mail.dueOn} and has not been paid. If it is still unpaid on ${mail.suspendOn}, the licences nobody has started using will be suspended until it is paid. People already taking the course keep their places.`
          : `A reminder that invoice ${mail.reference} for ${mail.organisationName} (purchase order ${mail.purchaseOrderRef}, ${mail.total}) is due on ${mail.dueOn}.`}\n\nPay or download the invoice:\n${mail.payLink}\n\nIf you have already paid, thank you: please ignore this email.${signOff}`,
      }
    case 'invoice-suspended':
      return {
        subject: `Licences suspended: invoice ${mail.reference} is unpaid`,
        text: `Hello,\n\nInvoice ${mail.reference} for ${mail.organisationName} (${mail.total}) is still unpaid, so ${mail.licencesSuspended} unused ${mail.licencesSuspended === 1 ? 'licence has' : 'licences have'} been suspended. People already taking the course keep their places. Paying the invoice gives the suspended licences back:\n${mail.payLink}${signOff}`,
      }
    case 'invoice-withdrawn':
      return {
        subject: `Invoice ${mail.reference} has been cancelled`,
        text: `Hello,\n\nInvoice ${mail.reference} for ${mail.organisationName} has been ${mail.uncollectible ? 'written off' : 'cancelled'}, so nothing more is owed on it. ${mail.licencesWithdrawn} unused ${mail.licencesWithdrawn === 1 ? 'licence has' : 'licences have'} been withdrawn; people already taking the course keep their places.${signOff}`,
      }
    case 'invoice-payment-failed':
      return {
        subject: `A payment for invoice ${mail.reference} did not go through`,
        text: `Hello,\n\nA payment towards invoice ${mail.reference} for ${mail.organisationName} (${mail.total}) did not go through, so the invoice is still open. You can pay it by bank transfer or card here:\n${mail.payLink}${signOff}`,
      }
    case 'scheduled-reminder':
      return scheduledReminder(mail)
    case 'learner-reminder':
      return {
        subject: mail.started ? 'A reminder to finish Children Missing from Care' : 'A reminder to start Children Missing from Care',
        text: `Hello ${mail.name},\n\n${mail.inviterName} at ${mail.organisationName} is reminding you to ${mail.started ? 'finish' : 'start'} the course "Children Missing from Care". ${mail.started ? 'Your progress is saved, so you can carry on where you left off.' : 'It takes about an hour and a half, and you can do it in short sittings.'}\n\n${mail.courseLink}${signOff}`,
      }
  }
}

function scheduledReminder(mail: Extract<EmailTemplate, { template: 'scheduled-reminder' }>): RenderedEmail {
  const when = {
    before_due: { subject: `Children Missing from Care is due by ${mail.date}`, line: `${mail.organisationName} asks you to complete "Children Missing from Care" by ${mail.date}.` },
    due_today: { subject: 'Children Missing from Care is due today', line: `${mail.organisationName} asked you to complete "Children Missing from Care" by today, ${mail.date}.` },
    overdue: { subject: 'Children Missing from Care is overdue', line: `${mail.organisationName} asked you to complete "Children Missing from Care" by ${mail.date}, and it is not finished yet.` },
    expiring: { subject: `Your Children Missing from Care certificate expires on ${mail.date}`, line: `Your certificate for "Children Missing from Care" is current until ${mail.date}. ${mail.organisationName} asks you to take the refresher before then.` },
  }[mail.kind]
  const go = mail.linkExpiresOn
    ? `Accept your place and start the course (the link works once, until ${mail.linkExpiresOn}):`
    : 'Carry on where you left off:'
  return {
    subject: when.subject,
    text: `Hello ${mail.name ?? 'there'},\n\n${when.line} It takes about an hour and a half, in short sittings if you like.\n\n${go}\n\n${mail.link}\n\nTo stop these automatic reminders (your training lead will see that you did):\n${mail.stopLink}${signOff}`,
  }
}

/** Links in emails carry tokens in the fragment, which browsers never send to servers or in Referer headers. */
export function tokenLink(siteUrl: string, path: string, token: string): string {
  return `${siteUrl.replace(/\/$/, '')}${path}#token=${token}`
}
