import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linksWithRel, mediaType } from '../../../../electron/core/acme/http.ts';

const base = 'https://ca.test/acme/cert/1';

test('Link headers: alternates in one header, several headers, relative URLs', () => {
  const headers = {
    link: [
      '<https://ca.test/acme/directory>;rel="index", <https://ca.test/acme/cert/1/1>; rel="alternate"',
      '</acme/cert/1/2>; rel=alternate',
      '<https://ca.test/up>; rel="up"',
    ],
  };
  assert.deepEqual(linksWithRel(headers, 'alternate', base), ['https://ca.test/acme/cert/1/1', 'https://ca.test/acme/cert/1/2']);
  assert.deepEqual(linksWithRel(headers, 'index', base), ['https://ca.test/acme/directory']);
  assert.deepEqual(linksWithRel({}, 'alternate', base), []);
});

test('media types ignore parameters and case', () => {
  assert.equal(mediaType({ 'content-type': 'Application/JSON; charset=utf-8' }), 'application/json');
  assert.equal(mediaType({}), undefined);
});
