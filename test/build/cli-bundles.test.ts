import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// What build/bundle.mjs put in each verb's CLI bundle, read from the bundle's source map.
const sourcesOf = (verb: string): string[] =>
  (JSON.parse(readFileSync(path.resolve(`dist/cli/persistcert-${verb}.cjs.map`), 'utf8')) as { sources: string[] }).sources;

// shared/zod.ts names the constructors the code uses, so a bundle keeps only the zod they need:
// a namespace `z` (or zod's CommonJS build, which runs every module it has) would bring zod's JSON
// Schema import and its ~60 message locales into every command that validates.
const notUsed: [what: string, pattern: RegExp][] = [
  ['JSON Schema import', /zod\/v4\/classic\/from-json-schema\./],
  // (locales/index.js stays as an empty module: nothing of it is used)
  ['a locale other than English', /zod\/v4\/locales\/(?!en\.|index\.)/],
  ["zod's CommonJS build", /zod\/.*\.cjs$/],
];

for (const verb of ['issue', 'renew', 'daemon', 'serve', 'main']) {
  test(`the ${verb} bundle carries only the zod the code uses`, () => {
    const sources = sourcesOf(verb);
    if (verb !== 'main')
      assert.ok(
        sources.some((s) => /zod\/v4\/core\/schemas\./.test(s)),
        'this bundle validates with zod',
      );
    for (const [what, pattern] of notUsed) {
      assert.deepEqual(
        sources.filter((s) => pattern.test(s)),
        [],
        `${verb}: ${what}`,
      );
    }
  });
}
