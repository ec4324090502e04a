import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputTail } from '../../../../electron/core/deploy/output-tail.ts';

test('keeps everything up to the limit, then the tail with a marker', () => {
  const cases: { name: string; limit: number; chunks: string[]; expected: string }[] = [
    { name: 'nothing', limit: 10, chunks: [], expected: '' },
    { name: 'exactly the limit', limit: 6, chunks: ['abc', 'def'], expected: 'abcdef' },
    { name: 'one byte over, in a later chunk', limit: 6, chunks: ['abc', 'defg'], expected: '[… 1 earlier bytes of output cut …]\nbcdefg' },
    { name: 'a chunk larger than the limit', limit: 4, chunks: ['0123456789'], expected: '[… 6 earlier bytes of output cut …]\n6789' },
    { name: 'many small chunks', limit: 3, chunks: ['a', 'b', 'c', 'd', 'e'], expected: '[… 2 earlier bytes of output cut …]\ncde' },
    // "é" is 2 bytes: the cut lands inside it, and its stray continuation byte is dropped, not shown as U+FFFD.
    { name: 'a cut inside a UTF-8 character', limit: 3, chunks: ['xé', 'ab'], expected: '[… 3 earlier bytes of output cut …]\nab' },
  ];
  for (const c of cases) {
    const tail = new OutputTail(c.limit);
    for (const chunk of c.chunks) tail.push(Buffer.from(chunk));
    assert.equal(tail.text(), c.expected, c.name);
  }
});
