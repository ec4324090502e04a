import type { RecordsView } from '../../../shared/api/views.ts';
import { adapterFor, recordGroupsFor } from '../../../shared/dns-persist/drafts.ts';
import { splitCharacterStrings, zoneFileLine } from '../../../shared/dns-persist/record.ts';
import { jwkThumbprint } from '../acme/jws.ts';
import type { Core } from './core.ts';
import { validNames } from './names.ts';

export interface RecordsInput {
  /** Which account the records authorize; may be left out when there is only one. */
  accountId?: string | undefined;
  names: readonly string[];
  /** UNIX seconds after which the CA may no longer use the record (draft-ietf-acme-dns-persist-01 §4.1); none: no end. */
  persistUntil?: number | undefined;
}

/** The TXT record(s) to publish once per name, in the form the CA's draft asks for. */
export async function buildRecords(core: Pick<Core, 'accounts' | 'clientFor'>, input: RecordsInput): Promise<RecordsView> {
  const account = core.accounts.find(input.accountId);
  const names = validNames(input.names);
  const client = core.clientFor(account.directoryUrl);
  try {
    const meta = (await client.directory()).meta ?? {};
    const adapter = adapterFor(meta);
    const issuers = adapter.preliminaryIssuerNames(meta);
    const thumbprint = adapter.id === 'draft-02' ? await jwkThumbprint(await core.accounts.key(account)) : undefined;
    // example.com and *.example.com share one record (policy=wildcard) at one name.
    const groups = recordGroupsFor(names, issuers, { accountUrl: account.accountUrl, keyThumbprint: thumbprint }, meta, {
      persistUntil: input.persistUntil,
    });
    return {
      draft: adapter.id,
      accountUrl: account.accountUrl,
      names: groups.map((g) => ({
        name: g.name,
        covers: g.covers,
        records: g.records.map((r) => ({
          name: r.name,
          issuer: r.issuer,
          value: r.value,
          strings: splitCharacterStrings(r.value),
          zoneFile: zoneFileLine(g.name, r.value),
        })),
      })),
    };
  } finally {
    client.close();
  }
}
