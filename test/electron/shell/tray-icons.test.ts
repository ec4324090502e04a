import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TRAY_ICON_STATES, type TrayIconState } from '../../../electron/core/renewal/tray-model.ts';
import { TRAY_ICON_COLORS, TRAY_ICON_SIZE, trayIconBitmap, trayIconImages } from '../../../electron/shell/tray-icons.ts';

/** [B, G, R, A] of pixel (x, y). */
const pixel = (buf: Buffer, size: number, x: number, y: number) => [...buf.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];

const expectedCentre: Record<TrayIconState, [number, number, number]> = {
  ok: [0x2e, 0x9e, 0x48], // green
  warning: [0xf0, 0xa0, 0x00], // amber
  error: [0xd9, 0x30, 0x25], // red
  paused: [0x8a, 0x8f, 0x98], // grey
  busy: [0x1a, 0x73, 0xe8], // blue
};

for (const state of TRAY_ICON_STATES) {
  for (const size of [16, 32, 7]) {
    test(`${state} at ${size} px: BGRA, opaque state colour in the middle, transparent corners`, () => {
      const buf = trayIconBitmap(state, size);
      assert.equal(buf.length, size * size * 4);
      const [r, g, b] = expectedCentre[state];
      const mid = Math.floor(size / 2);
      assert.deepEqual(pixel(buf, size, mid, mid), [b, g, r, 255]);
      for (const [x, y] of [
        [0, 0],
        [size - 1, 0],
        [0, size - 1],
        [size - 1, size - 1],
      ] as const) {
        assert.deepEqual(pixel(buf, size, x, y), [0, 0, 0, 0], `corner ${x},${y}`);
      }
    });
  }
}

test('the states have distinct colours', () => {
  const centres = TRAY_ICON_STATES.map((s) => pixel(trayIconBitmap(s, 16), 16, 8, 8).join(','));
  assert.equal(new Set(centres).size, TRAY_ICON_STATES.length);
  assert.deepEqual(Object.keys(TRAY_ICON_COLORS).sort(), [...TRAY_ICON_STATES].sort());
});

for (const state of TRAY_ICON_STATES) {
  test(`${state}: the edge is anti-aliased, with premultiplied colour`, () => {
    const size = 32;
    const buf = trayIconBitmap(state, size);
    const [r, g, b] = expectedCentre[state];
    const alphas = new Set<number>();
    for (let i = 0; i < size * size; i++) {
      const [pb, pg, pr, a] = [buf[i * 4]!, buf[i * 4 + 1]!, buf[i * 4 + 2]!, buf[i * 4 + 3]!];
      alphas.add(a);
      // Premultiplied: each channel is the colour scaled by alpha (a transparent pixel is black).
      for (const [got, full] of [
        [pb, b],
        [pg, g],
        [pr, r],
      ] as const) {
        assert.ok(Math.abs(got - (full * a) / 255) <= 1, `pixel ${i}: ${[pb, pg, pr, a]}`);
      }
    }
    const partial = [...alphas].filter((a) => a > 0 && a < 255);
    assert.ok(partial.length >= 3, `partly covered edge pixels: ${partial}`);
  });
}

test('the circle is round and centred: symmetric in both axes and across the diagonal', () => {
  const size = 32;
  const buf = trayIconBitmap('ok', size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = pixel(buf, size, x, y);
      assert.deepEqual(pixel(buf, size, size - 1 - x, y), a);
      assert.deepEqual(pixel(buf, size, x, size - 1 - y), a);
      assert.deepEqual(pixel(buf, size, y, x), a);
    }
  }
  // A pixel of air on each side: the outer row and column are empty.
  for (let i = 0; i < size; i++) assert.equal(pixel(buf, size, i, 0)[3], 0);
  assert.ok(pixel(buf, size, size / 2, 2)[3]! > 0, 'but the circle reaches close to it');
});

test('bad sizes are refused', () => {
  for (const size of [0, -1, 1.5, Number.NaN]) assert.throws(() => trayIconBitmap('ok', size), RangeError);
});

test('trayIconImages: one image per state, 1x and 2x from the same drawing', () => {
  const made: {
    buffer: Buffer;
    options: unknown;
    representations: { scaleFactor: number; width: number; height: number; buffer: Buffer }[];
  }[] = [];
  const images = trayIconImages((buffer, options) => {
    const image = {
      buffer,
      options,
      representations: [] as (typeof made)[number]['representations'],
      addRepresentation(r: (typeof made)[number]['representations'][number]) {
        this.representations.push(r);
      },
    };
    made.push(image);
    return image;
  });
  assert.deepEqual(Object.keys(images).sort(), [...TRAY_ICON_STATES].sort());
  for (const state of TRAY_ICON_STATES) {
    const image = images[state];
    assert.deepEqual(image.options, { width: TRAY_ICON_SIZE, height: TRAY_ICON_SIZE, scaleFactor: 1 });
    assert.deepEqual(image.buffer, trayIconBitmap(state, TRAY_ICON_SIZE));
    assert.equal(image.representations.length, 1);
    const [double] = image.representations;
    assert.deepEqual({ ...double, buffer: undefined }, { scaleFactor: 2, width: 32, height: 32, buffer: undefined });
    assert.deepEqual(double!.buffer, trayIconBitmap(state, 32));
  }
  assert.equal(made.length, TRAY_ICON_STATES.length);
});
