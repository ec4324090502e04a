// The dashboard figures in a process of their own, as the app is one: the bench process has by then
// issued 10,000 certificates and carries their garbage, which the app opening fresh would not.
//   node --import tsx test/bench/dashboard-process.ts <data dir> <name to filter by>
// Prints the figures as one JSON line.
import { dashboard } from './scale.ts';

const [dataDir, name] = process.argv.slice(2);
if (dataDir === undefined || name === undefined) {
  process.stderr.write('usage: dashboard-process.ts <data dir> <name>\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await dashboard(dataDir, name))}\n`);
