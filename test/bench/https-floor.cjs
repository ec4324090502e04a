// The floor under any Node 20 client of an ACME CA, for the bench's one-certificate figure: Node's
// start, node:crypto, node:https and node:tls, a TLS context with the CA's bundle (where Node 20
// builds its root store of ~140 certificates), one GET of the directory, and exit. PersistCert's
// `issue` does all of this and eight more requests, with its own work around them.
// Usage: node https-floor.cjs <directory URL> <CA bundle file>
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: Node starts it without its ES module loader, as it starts the CLI's launcher. */
const https = require('node:https');
const { readFileSync } = require('node:fs');
require('node:crypto');

const [url, caFile] = process.argv.slice(2);
https
  // RFC 8555 §6.1: every request carries a User-Agent (Pebble refuses one without).
  .get(url, { ca: readFileSync(caFile), agent: false, headers: { 'user-agent': 'https-floor' } }, (res) => {
    res.resume();
    res.on('end', () => process.exit(res.statusCode === 200 ? 0 : 1));
  })
  .on('error', (err) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  });
