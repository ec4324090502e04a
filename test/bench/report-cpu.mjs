// Preloaded into a benchmarked CLI run (node --import): writes the process's own CPU time at exit,
// which a parent cannot read once the child is gone.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeFileSync(process.env.BENCH_CPU_FILE, JSON.stringify({ cpu: (user + system) / 1e6 }));
});
