import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEPLOY_ENV_HELP,
  deployEnvironment,
  deployVariables,
  formatDeployEnvHelp,
  type DeployEnvSubject,
} from '../../../../electron/core/deploy/deploy-env.ts';

const subject: DeployEnvSubject = {
  certificateId: 'c2',
  names: ['a.example', 'b.example'],
  serialHex: '0a1b',
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2026-04-01T00:00:00.000Z',
  renewed: true,
  previousCertificateId: 'c1',
  directoryUrl: 'https://ca.example/dir',
};
const allFiles = [
  { role: 'cert', path: '/one/cert.pem' },
  { role: 'chain', path: '/one/chain.pem' },
  { role: 'fullchain', path: '/one/fullchain.pem' },
  { role: 'key', path: '/one/privkey.pem' },
  { role: 'pfx', path: '/first.pfx' },
  { role: 'cert', path: '/two/cert.pem' },
  { role: 'pfx', path: '/second.pfx' },
];

test('the variables: facts always, paths from the first file of each kind', () => {
  assert.deepEqual(deployVariables(subject, allFiles), {
    PERSISTCERT_CERT_ID: 'c2',
    PERSISTCERT_NAMES: 'a.example b.example',
    PERSISTCERT_PRIMARY_NAME: 'a.example',
    PERSISTCERT_SERIAL: '0a1b',
    PERSISTCERT_NOT_BEFORE: '2026-01-01T00:00:00.000Z',
    PERSISTCERT_NOT_AFTER: '2026-04-01T00:00:00.000Z',
    PERSISTCERT_RENEWED: '1',
    PERSISTCERT_PREVIOUS_CERT_ID: 'c1',
    PERSISTCERT_CA: 'https://ca.example/dir',
    PERSISTCERT_CERT_PATH: '/one/cert.pem',
    PERSISTCERT_CHAIN_PATH: '/one/chain.pem',
    PERSISTCERT_FULLCHAIN_PATH: '/one/fullchain.pem',
    PERSISTCERT_KEY_PATH: '/one/privkey.pem',
    PERSISTCERT_PFX_PATH: '/first.pfx',
  });
  const bare = deployVariables({ ...subject, renewed: false, previousCertificateId: undefined }, []);
  assert.equal(bare.PERSISTCERT_RENEWED, '0');
  assert.ok(!('PERSISTCERT_PREVIOUS_CERT_ID' in bare));
  assert.deepEqual(
    Object.keys(bare).filter((k) => k.endsWith('_PATH')),
    [],
  );
});

test('DEPLOY_ENV_HELP documents exactly the variables that can be set', () => {
  const documented = DEPLOY_ENV_HELP.map((v) => v.name);
  assert.equal(new Set(documented).size, documented.length, 'no duplicates');
  assert.deepEqual([...documented].sort(), Object.keys(deployVariables(subject, allFiles)).sort());
  for (const v of DEPLOY_ENV_HELP) assert.ok(v.description.length > 5, v.name);
  const text = formatDeployEnvHelp();
  for (const name of documented) assert.match(text, new RegExp(`^  ${name} +\\S`, 'm'));
});

test('the base environment is kept, except inherited PERSISTCERT_* secrets and stale values', () => {
  const env = deployEnvironment(
    {
      PATH: '/bin',
      HOME: '/home/u',
      UNSET: undefined,
      PERSISTCERT_PASSPHRASE: 's',
      PERSISTCERT_EAB_HMAC_KEY: 'k',
      persistcert_pfx_password: 'p',
      PERSISTCERT_KEY_PATH: '/old',
      PERSISTCERT_DATA_DIR: '/data',
      PERSISTCERT_KEYSTORE: 'file',
    },
    { PERSISTCERT_CERT_ID: 'c2' },
  );
  assert.deepEqual(env, {
    PATH: '/bin',
    HOME: '/home/u',
    PERSISTCERT_DATA_DIR: '/data',
    PERSISTCERT_KEYSTORE: 'file',
    PERSISTCERT_CERT_ID: 'c2',
  });
});
