// A child process that writes to a store as fast as it can, for concurrency and crash tests: each
// transaction adds an account and a certificate of that account, so a torn write would show.
// Usage: node --import tsx store-writer.ts <dataDir> <count|forever> <tag>
import { openStore } from '../../../../electron/core/store/store.ts';
import { fakeCertificateRecord } from './certificate-fixture.ts';

const [dataDir, countArg, tag] = process.argv.slice(2);
const store = await openStore(dataDir!);
process.stdout.write('ready\n');
const count = countArg === 'forever' ? Infinity : Number(countArg);
const padding = 'x'.repeat(20_000); // bigger writes widen the window a kill can land in
for (let i = 0; i < count; i++) {
  const id = `${tag}-${i}`;
  await store.transact((tx) => {
    tx.putAccount({
      id,
      directoryUrl: 'https://127.0.0.1:14000/dir',
      accountUrl: `https://127.0.0.1:14000/my-account/${id}`,
      keyRef: `account-key:${id}`,
      keyType: 'ec-p256',
      contact: [],
      status: 'valid',
      createdAt: new Date().toISOString(),
      label: padding,
    });
    tx.putCertificate(fakeCertificateRecord(`cert-${id}`, { accountId: id, names: [`${id}.example.test`] }) as never);
  });
}
store.close();
process.stdout.write('done\n');
