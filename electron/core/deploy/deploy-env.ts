/**
 * The environment a deploy command sees: what was deployed and where, as PERSISTCERT_* variables,
 * so one script can serve every certificate. Paths and facts only: never a password or key.
 */

/** The facts about the certificate the variables carry (a subset of DeploySubject). */
export interface DeployEnvSubject {
  certificateId: string;
  names: string[];
  serialHex: string;
  notBefore: string;
  notAfter: string;
  renewed: boolean;
  previousCertificateId?: string;
  directoryUrl: string;
}

/** A file the deploy wrote; `role` is a PEM role (cert, chain, fullchain, key) or `pfx`. */
export interface DeployedFile {
  role: string;
  path: string;
}

export interface DeployEnvVar {
  name: string;
  description: string;
}

/** Every variable set for the command, in the order `--help` and the README list them. */
export const DEPLOY_ENV_HELP: readonly DeployEnvVar[] = Object.freeze([
  { name: 'PERSISTCERT_CERT_ID', description: "the certificate's id in PersistCert" },
  { name: 'PERSISTCERT_NAMES', description: 'the DNS names it covers, separated by spaces' },
  { name: 'PERSISTCERT_PRIMARY_NAME', description: 'its first name' },
  { name: 'PERSISTCERT_SERIAL', description: 'its serial number, lowercase hex' },
  { name: 'PERSISTCERT_NOT_BEFORE', description: 'start of validity, ISO 8601' },
  { name: 'PERSISTCERT_NOT_AFTER', description: 'end of validity, ISO 8601' },
  { name: 'PERSISTCERT_RENEWED', description: '1 right after a renewal; 0 when a deploy is retried or run by hand' },
  { name: 'PERSISTCERT_PREVIOUS_CERT_ID', description: 'the id of the certificate this one replaces (only set when there is one)' },
  { name: 'PERSISTCERT_CA', description: "the CA's ACME directory URL" },
  { name: 'PERSISTCERT_CERT_PATH', description: 'the leaf certificate (cert.pem) of the first PEM target' },
  { name: 'PERSISTCERT_CHAIN_PATH', description: 'the intermediates (chain.pem) of the first PEM target (unset if the CA sent none)' },
  { name: 'PERSISTCERT_FULLCHAIN_PATH', description: 'leaf + intermediates (fullchain.pem) of the first PEM target' },
  { name: 'PERSISTCERT_KEY_PATH', description: 'the private key file (privkey.pem, mode 0600) of the first PEM target' },
  { name: 'PERSISTCERT_PFX_PATH', description: 'the PFX file of the first PFX target' },
]);

/** Which file role fills which path variable; the first file with that role wins. */
const PATH_VARS: Record<string, string> = {
  cert: 'PERSISTCERT_CERT_PATH',
  chain: 'PERSISTCERT_CHAIN_PATH',
  fullchain: 'PERSISTCERT_FULLCHAIN_PATH',
  key: 'PERSISTCERT_KEY_PATH',
  pfx: 'PERSISTCERT_PFX_PATH',
};

/**
 * Inherited PERSISTCERT_* variables the command may keep: settings a script calling `persistcert`
 * itself needs. Every other one is dropped, because the CLI and daemon read secrets from
 * PERSISTCERT_* (the keystore passphrase, backup passphrase, PFX password, EAB key), and a
 * stale PERSISTCERT_PREVIOUS_CERT_ID or path from an outer deploy must not look like ours.
 */
const INHERITED_ALLOWED = new Set(['PERSISTCERT_DATA_DIR', 'PERSISTCERT_KEYSTORE']);

/** The PERSISTCERT_* variables for one deploy; path variables only for files actually written. */
export function deployVariables(subject: DeployEnvSubject, files: readonly DeployedFile[]): Record<string, string> {
  const vars: Record<string, string> = {
    PERSISTCERT_CERT_ID: subject.certificateId,
    PERSISTCERT_NAMES: subject.names.join(' '),
    PERSISTCERT_PRIMARY_NAME: subject.names[0] ?? '',
    PERSISTCERT_SERIAL: subject.serialHex,
    PERSISTCERT_NOT_BEFORE: subject.notBefore,
    PERSISTCERT_NOT_AFTER: subject.notAfter,
    PERSISTCERT_RENEWED: subject.renewed ? '1' : '0',
    PERSISTCERT_CA: subject.directoryUrl,
  };
  if (subject.previousCertificateId) vars.PERSISTCERT_PREVIOUS_CERT_ID = subject.previousCertificateId;
  for (const file of files) {
    const name = PATH_VARS[file.role];
    if (name && !(name in vars)) vars[name] = file.path;
  }
  return vars;
}

/** `base` minus inherited PERSISTCERT_* variables (see INHERITED_ALLOWED), plus `vars`. */
export function deployEnvironment(base: NodeJS.ProcessEnv, vars: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined) continue;
    // Windows names are case-insensitive, so compare upper-cased.
    const upper = name.toUpperCase();
    if (upper.startsWith('PERSISTCERT_') && !INHERITED_ALLOWED.has(upper)) continue;
    env[name] = value;
  }
  return Object.assign(env, vars);
}

/** DEPLOY_ENV_HELP as aligned text lines for `--help` and the README. */
export function formatDeployEnvHelp(indent = '  '): string {
  const width = Math.max(...DEPLOY_ENV_HELP.map((v) => v.name.length));
  return DEPLOY_ENV_HELP.map((v) => `${indent}${v.name.padEnd(width)}  ${v.description}`).join('\n');
}
