// What every benchmark shares: the figure it reports, medians, and a running process's usage.
import { readFileSync } from 'node:fs';

export interface Figure {
  name: string;
  unit: string;
  persistcert: number;
  lego?: number;
  certbot?: number;
  target: string;
  pass: boolean;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** CPU seconds (user + system) and resident memory of a running process, from /proc. */
export function processUsage(pid: number): { cpu: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpu: ticks / 100, rssMb: rssKb / 1024 };
}

/**
 * CPU seconds spent between two processUsage readings. /proc counts whole clock ticks (0.01 s), so
 * the difference is rounded to the tick: 0.15 - 0.13 must compare as 0.02, not 0.020000000000000018.
 */
export function cpuBetween(before: { cpu: number }, after: { cpu: number }): number {
  return Math.round((after.cpu - before.cpu) * 100) / 100;
}
