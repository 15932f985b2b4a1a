/**
 * Confirmation of irreversible mass actions, as tools see it: a dry run issues a short-lived token bound
 * to what it showed (the facts), and the real call must carry it. Tools never touch the database, so the
 * session hands them this port, already bound to the connection. It works in every client: the token is
 * an ordinary argument, no elicitation.
 */

export type ConfirmAction = 'bulk_send' | 'delete_contact';

/** What the user saw and approved: ids, counts and hashes (never a message's text). */
export type ConfirmFacts = Readonly<Record<string, string | number>>;

export interface IssuedConfirmation {
  token: string;
  expiresAt: Date;
}

export type Redemption =
  | { ok: true }
  /** unknown: not a token of this connection; used: already spent; expired: past its lifetime. */
  | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'other_action' }
  /** Issued for something else: which facts differ, with the confirmed and current values. */
  | {
      ok: false;
      reason: 'changed';
      changed: { fact: string; confirmed: string | number | undefined; now: string | number }[];
    };

export interface ConfirmationPort {
  /** How long a token stays valid. */
  readonly ttlSeconds: number;
  issue(action: ConfirmAction, facts: ConfirmFacts): Promise<IssuedConfirmation>;
  /** Spends the token if it was issued here for exactly these facts and is still fresh (single use). */
  redeem(token: string, action: ConfirmAction, facts: ConfirmFacts): Promise<Redemption>;
}
