// A child process that writes to a store as fast as it can until killed, for crash tests.
// Usage: node --import tsx store-writer.ts <dataDir> <count|forever> <tag>
import { Store } from '../../../../electron/core/store/store.ts';

const [dataDir, countArg, tag] = process.argv.slice(2);
const store = await Store.open(dataDir!);
process.stdout.write('ready\n');
const count = countArg === 'forever' ? Infinity : Number(countArg);
const padding = 'x'.repeat(20_000); // bigger writes widen the window a kill can land in
for (let i = 0; i < count; i++) {
  await store.putAccount({
    id: `${tag}-${i}`,
    directoryUrl: 'https://127.0.0.1:14000/dir',
    accountUrl: `https://127.0.0.1:14000/my-account/${tag}-${i}`,
    keyRef: `account-key:${tag}-${i}`,
    keyType: 'ec-p256',
    contact: [],
    status: 'valid',
    createdAt: new Date().toISOString(),
    label: padding,
  });
}
process.stdout.write('done\n');
