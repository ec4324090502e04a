import type { CertificateView, RenewalView } from '../../../../shared/api/views.ts';
import { formatShortDate } from '../../lib/format.ts';
import { HatchPattern } from './HatchPattern.tsx';
import { weeklyBuckets } from './timeline-buckets.ts';

const W = 1000;
const H = 180;
const TOP = 20;
const BOTTOM = 36;
const LEFT = 40;

/**
 * The timeline for many certificates: per week, how many renew (hatched) and how many expire
 * (solid). Drawn with SVG attributes only (the CSP forbids inline styles); the filterable table
 * below is the accessible equivalent, and the drawing's label sums it up.
 */
export function WeeklyTimeline({
  certificates,
  renewals,
  now = Date.now(),
}: {
  certificates: readonly CertificateView[];
  renewals: ReadonlyMap<string, RenewalView>;
  now?: number;
}) {
  const buckets = weeklyBuckets(certificates, renewals, now);
  const peak = Math.max(1, ...buckets.map((b) => Math.max(b.expiring, b.renewing)));
  const slot = (W - LEFT - 10) / buckets.length;
  const bar = Math.max(1, slot / 2 - 1);
  const y = (n: number) => H - BOTTOM - (n / peak) * (H - TOP - BOTTOM);
  const busiest = buckets.reduce((a, b) => (b.renewing > a.renewing ? b : a), buckets[0]!);
  const total = buckets.reduce((n, b) => n + b.expiring, 0);
  const label =
    `Weekly timeline of ${total.toLocaleString()} valid certificates over ${buckets.length} weeks. ` +
    `Most renewals are planned in the week of ${formatShortDate(new Date(busiest.start))}: ${busiest.renewing.toLocaleString()}.`;
  const every = Math.ceil(buckets.length / 8);
  return (
    <figure className="timeline">
      <svg viewBox={`0 0 ${W} ${H}`} className="timeline-svg" role="img" aria-label={label} preserveAspectRatio="xMinYMin meet">
        <defs>
          <HatchPattern id="tlw-hatch" />
        </defs>
        <g className="tl-tick">
          <text x={4} y={TOP + 4}>
            {peak.toLocaleString()}
          </text>
          <text x={4} y={H - BOTTOM}>
            0
          </text>
        </g>
        {buckets.map((b, i) => {
          const x = LEFT + i * slot;
          return (
            <g key={b.start} className="tl-row tl-valid">
              <rect className="tl-renew" x={x} y={y(b.renewing)} width={bar} height={H - BOTTOM - y(b.renewing)} fill="url(#tlw-hatch)" />
              <rect className="tl-bar" x={x + bar + 1} y={y(b.expiring)} width={bar} height={H - BOTTOM - y(b.expiring)} />
              {i % every === 0 && (
                <text className="tl-sub" x={x} y={H - BOTTOM + 18}>
                  {formatShortDate(new Date(b.start))}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        <span className="legend-item">
          <span className="swatch swatch-renew" aria-hidden="true" /> Renewals planned that week
        </span>
        <span className="legend-item">
          <span className="swatch swatch-bar" aria-hidden="true" /> Expiring that week
        </span>
      </figcaption>
    </figure>
  );
}
