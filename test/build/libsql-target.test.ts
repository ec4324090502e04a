import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const { currentTarget } = (await import(pathToFileURL(path.resolve('build/libsql-target.mjs')).href)) as { currentTarget(): string };

// The stand-in must name the same prebuilt package as the loader it replaces (build/bundle.mjs).
const libsqlRequire = createRequire(path.resolve('node_modules/libsql/index.js'));
const neon = libsqlRequire('@neon-rs/load') as { currentTarget(): string };

test('build/libsql-target.mjs names the prebuilt libsql package that @neon-rs/load names, and it loads', () => {
  assert.equal(currentTarget(), neon.currentTarget());
  assert.equal(typeof libsqlRequire(`@libsql/${currentTarget()}`).databaseOpen, 'function');
});
