import { z } from 'zod';
import type { IntercomApi } from './client.js';

/** A metadata value Intercom supports: string, number (incl. `_date` unix times), rich link, money. */
export type EventMetadataValue =
  | string
  | number
  | { url: string; value: string }
  | { amount: number; currency: string };

export interface DataEvent {
  event_name: string;
  /** Unix seconds; Intercom requires it and de-duplicates on (contact, event_name, created_at). */
  created_at: number;
  /** Exactly one: Intercom contact id (users and leads), external user_id or email (users only). */
  contact: { id: string } | { user_id: string } | { email: string };
  metadata?: Record<string, EventMetadataValue> | undefined;
}

// POST /events answers 202 with an empty body, which the SDK returns as undefined: nothing to validate.
const acceptedSchema = z.unknown();

/**
 * POST /events: records one data event. Never retried by us; Intercom ignores an exact duplicate
 * (same contact, event_name and created_at), so resending the same event is harmless.
 */
export async function trackEvent(api: IntercomApi, event: DataEvent): Promise<void> {
  const request = {
    event_name: event.event_name,
    created_at: event.created_at,
    ...event.contact,
    ...(event.metadata && Object.keys(event.metadata).length > 0 ? { metadata: event.metadata } : {}),
  };
  await api.write(acceptedSchema, (sdk, o) =>
    sdk.events.create(request as unknown as Parameters<typeof sdk.events.create>[0], o),
  );
}
