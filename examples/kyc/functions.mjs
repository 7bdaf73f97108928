/**
 * The KYC service's steps and the two downstream domains, as in-process functions.
 * verifyIdentity and assessRisk run inside the workflow; accountDomain and customerServiceDomain
 * are event consumers reached through bus rules (rules.json).
 */

/** Identity verification: an applicant with an identity document is verified. */
export function verifyIdentity(applicant) {
  return { verified: typeof applicant.documentId === 'string' && applicant.documentId.length > 0 };
}

/** Risk profile assessment: large opening deposits and sanctioned countries are high risk. */
export function assessRisk(applicant) {
  if (applicant.country === 'XX') return { level: 'HIGH', reason: 'sanctioned country' };
  if ((applicant.initialDeposit ?? 0) > 10000) return { level: 'HIGH', reason: 'large initial deposit' };
  return { level: 'LOW', reason: 'standard profile' };
}

/** The account domain opens approved accounts. */
export function accountDomain(event) {
  console.log(`account domain: opening account ${event.detail.accountId}`);
  return { opened: event.detail.accountId };
}

/** The customer-service domain reaches out about rejected applications. */
export function customerServiceDomain(event) {
  console.log(`customer service: contacting applicant of ${event.detail.accountId} (${event.detail.reason})`);
  return { contacted: event.detail.accountId };
}
