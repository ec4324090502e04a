import type { CaaRecord } from 'node:dns';
import type { CaaProperty } from '../../../shared/caa.ts';
import { DnsClient, DnsQueryError, type DnsServer } from './dns-client.ts';

export interface RelevantCaa {
  name: string;
  properties: CaaProperty[];
}

/**
 * Finds the relevant CAA RRset (RFC 8659 §3): the first non-empty one climbing from the name
 * towards the root. A level no resolver answers is skipped, and noted, since the doctor advises
 * rather than decides.
 */
export async function findRelevantCaa(
  client: DnsClient,
  resolvers: DnsServer[],
  name: string,
): Promise<{ relevant?: RelevantCaa; unanswered: string[] }> {
  const labels = name.replace(/^\*\./, '').replace(/\.$/, '').toLowerCase().split('.');
  const unanswered: string[] = [];
  for (let i = 0; i < labels.length; i++) {
    const candidate = labels.slice(i).join('.');
    const records = await ask(client, resolvers, candidate);
    if (records === 'unanswered') {
      unanswered.push(candidate);
      continue;
    }
    if (records.length) return { relevant: { name: candidate, properties: records.map(toProperty) }, unanswered };
  }
  return { unanswered };
}

async function ask(client: DnsClient, resolvers: DnsServer[], name: string): Promise<CaaRecord[] | 'unanswered'> {
  for (const r of resolvers) {
    try {
      return await client.caa(r, name);
    } catch (err) {
      if (err instanceof DnsQueryError && (err.failure === 'nodata' || err.failure === 'nxdomain')) return [];
    }
  }
  return 'unanswered';
}

function toProperty(rr: CaaRecord): CaaProperty {
  const entries = Object.entries(rr).filter(([k]) => k !== 'critical');
  const [tag = 'unknown', value = ''] = entries[0] ?? [];
  return { critical: (rr.critical & 128) !== 0, tag, value: String(value) };
}
