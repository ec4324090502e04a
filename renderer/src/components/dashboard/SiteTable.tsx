import type { RenewalView } from '../../../../shared/api/views.ts';
import type { SiteRow } from '../../../../shared/sites.ts';
import { SiteTableRow } from './SiteTableRow.tsx';

export interface SiteTableProps {
  sites: readonly SiteRow[];
  renewals: ReadonlyMap<string, RenewalView>;
  /** The certificate whose details are open. */
  selected: string | null;
  onSelect: (id: string | null) => void;
  detailsId: string;
  /** Certificate ids with a "Renew now" under way. */
  renewing: readonly string[];
  onRenew: (id: string) => void;
}

/** Every site in one table, with its current certificate: the accessible equivalent of the timeline. */
export function SiteTable({ sites, ...rest }: SiteTableProps) {
  return (
    <div className="table-wrap">
      <table className="table cert-table">
        <caption className="sr-only">Sites, the status, CA, expiry and next renewal of each one&rsquo;s certificate</caption>
        <thead>
          <tr>
            <th scope="col">Names</th>
            <th scope="col">Status</th>
            <th scope="col" className="col-ca">
              CA
            </th>
            <th scope="col">Expires</th>
            <th scope="col">Next renewal</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sites.map((s) => (
            <SiteTableRow key={s.key} site={s} {...rest} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
