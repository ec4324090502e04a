import type { CertificateView, RenewalView } from '../../../../shared/api/views.ts';
import { daysLeftText, formatDate, formatShortDate, formatTick } from '../../lib/format.ts';
import { monthTicks, timeDomain, timelineRows } from './timeline-geometry.ts';
import { HatchPattern } from './HatchPattern.tsx';

const W = 1000;
const LABEL_W = 250;
const X0 = LABEL_W + 10;
const X1 = W - 20;
const TOP = 34;
const ROW = 44;
const BAR = 16;

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** What a certificate's renewal plan says, for the drawing's summary. */
function renewalText(r: { renewFrom: number; planned: number | null }, view: RenewalView | undefined): string {
  if (r.planned !== null) return `next renewal planned ${formatDate(r.planned)}${view?.reason ? ` (${view.reason})` : ''}`;
  if (view) return `no renewal planned${view.reason ? ` (${view.reason})` : ''}`;
  return `renewal window from ${formatDate(r.renewFrom)}`;
}

/**
 * Each certificate's lifetime as a bar, its renewal span hatched (from the scheduler's planned
 * moment, marked with a diamond; without a plan, the last third), and a line for today. Drawn
 * with SVG attributes only (the CSP forbids inline styles). The table beside it is the accessible
 * equivalent; the drawing carries a summary as its label.
 */
export function Timeline({
  certificates,
  renewals = new Map(),
  now = Date.now(),
}: {
  certificates: CertificateView[];
  renewals?: ReadonlyMap<string, RenewalView>;
  now?: number;
}) {
  const rows = timelineRows(certificates, renewals);
  const anyPlanned = rows.some((r) => r.planned !== null);
  const anyEstimated = rows.some((r) => r.planned === null);
  const anyRevoked = rows.some((r) => r.status === 'revoked');
  const domain = timeDomain(rows, now);
  const x = (t: number): number => X0 + ((t - domain[0]) / (domain[1] - domain[0])) * (X1 - X0);
  const height = TOP + rows.length * ROW + 12;
  const summary =
    `Timeline of ${rows.length} ${rows.length === 1 ? 'certificate' : 'certificates'}. ` +
    certificates
      .map((c, i) => {
        const r = rows[i]!;
        return `${c.names.join(', ')}: ${c.status}, valid ${formatDate(c.notBefore)} to ${formatDate(c.notAfter)} (${daysLeftText(c.notAfter, now)}), ${renewalText(r, renewals.get(c.id))}.`;
      })
      .join(' ');
  const todayX = x(now);

  return (
    <figure className="timeline">
      <svg viewBox={`0 0 ${W} ${height}`} className="timeline-svg" role="img" aria-label={summary} preserveAspectRatio="xMinYMin meet">
        <defs>
          <HatchPattern id="tl-hatch" />
        </defs>
        {monthTicks(domain).map((t, i) => (
          <g key={t.getTime()} className="tl-tick">
            <line x1={x(t.getTime())} x2={x(t.getTime())} y1={TOP - 6} y2={height - 8} />
            <text x={x(t.getTime()) + 4} y={TOP - 12}>
              {formatTick(t, i === 0 || t.getUTCMonth() === 0)}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const y = TOP + i * ROW + (ROW - BAR) / 2;
          const xs = x(r.start);
          const xe = x(r.end);
          const xr = x(r.renewFrom);
          return (
            <g key={r.id} className={`tl-row tl-${r.status}`} data-cert={r.id}>
              {i % 2 === 0 && <rect className="tl-stripe" x={0} y={TOP + i * ROW} width={W} height={ROW} />}
              <text className="tl-name" x={8} y={y + 6}>
                {truncate(r.label, 30)}
              </text>
              <text className="tl-sub" x={8} y={y + 22}>
                until {formatShortDate(new Date(r.end))}
              </text>
              <rect className="tl-bar" x={xs} y={y} width={Math.max(2, xe - xs)} height={BAR} rx={4} />
              <rect className="tl-renew" x={xr} y={y} width={Math.max(1, xe - xr)} height={BAR} rx={4} fill="url(#tl-hatch)" />
              <rect className="tl-outline" x={xs} y={y} width={Math.max(2, xe - xs)} height={BAR} rx={4} fill="none" />
              {r.planned !== null && (
                <path
                  className="tl-planned"
                  d={`M${x(r.planned)} ${y - 5}l6 ${BAR / 2 + 5}-6 ${BAR / 2 + 5}-6-${BAR / 2 + 5}z`}
                  strokeWidth="1.5"
                />
              )}
            </g>
          );
        })}
        <g className="tl-today">
          <line x1={todayX} x2={todayX} y1={TOP - 4} y2={height - 6} strokeWidth="2" />
          <text x={todayX} y={12} textAnchor="middle">
            Today
          </text>
        </g>
      </svg>
      <figcaption className="legend">
        <span className="legend-item">
          <span className="swatch swatch-bar" aria-hidden="true" /> Valid
        </span>
        <span className="legend-item">
          <span className="swatch swatch-renew" aria-hidden="true" />{' '}
          {anyPlanned
            ? anyEstimated
              ? 'Renewal: from the planned moment, else the last third'
              : 'Renewal: from the planned moment'
            : 'Renewal window (last third)'}
        </span>
        {anyPlanned && (
          <span className="legend-item">
            <span className="swatch swatch-planned" aria-hidden="true" /> Planned renewal
          </span>
        )}
        {anyRevoked && (
          <span className="legend-item">
            <span className="swatch swatch-revoked" aria-hidden="true" /> Revoked (no longer valid)
          </span>
        )}
        <span className="legend-item">
          <span className="swatch swatch-today" aria-hidden="true" /> Today
        </span>
      </figcaption>
    </figure>
  );
}
