import { z } from '../../../shared/zod.ts';
import type { AcmeClient } from '../acme/client.ts';
import { createOrder, fetchAuthorization } from '../acme/order.ts';
import { authorizationSchema } from '../acme/schemas.ts';

export const DNS_PERSIST_01 = 'dns-persist-01';

export interface OfferCheck {
  name: string;
  offered: boolean;
  /** Every challenge type the CA offered for the name. */
  offeredTypes: string[];
  /** The dns-persist-01 challenge object as the CA sent it, when offered. */
  challenge?: Record<string, unknown>;
}

/**
 * Asks the CA whether it offers dns-persist-01 for a name, the way Posh-ACME does: place an order
 * that is never finalized, read the authorization's challenges, then deactivate the
 * authorization (RFC 8555 §7.5.2) so nothing is left pending. Needs a bound account.
 */
export async function checkOffer(client: AcmeClient, name: string): Promise<OfferCheck> {
  const order = await createOrder(client, { names: [name] });
  const out: OfferCheck = { name, offered: false, offeredTypes: [] };
  for (const url of order.object.authorizations) {
    const authz = await fetchAuthorization(client, url);
    out.offeredTypes = authz.object.challenges.map((c) => c.type);
    const persist = authz.object.challenges.find((c) => c.type === DNS_PERSIST_01);
    if (persist) {
      out.offered = true;
      out.challenge = persist as Record<string, unknown>;
    }
    if (authz.object.status === 'pending') {
      await client.post(url, { status: 'deactivated' }, authorizationSchema.or(z.unknown()), { what: 'authorization' }).catch(() => {});
    }
  }
  return out;
}
