/** The diagonal hatch that marks renewal spans in the timelines (SVG attributes only: the CSP forbids inline styles). */
export function HatchPattern({ id }: { id: string }) {
  return (
    <pattern id={id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="6" height="6" className="tl-hatch-bg" />
      <line x1="0" y1="0" x2="0" y2="6" className="tl-hatch-line" strokeWidth="2.5" />
    </pattern>
  );
}
