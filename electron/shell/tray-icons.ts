import type { NativeImage, nativeImage } from 'electron';
import { TRAY_ICON_STATES, type TrayIconState } from '../core/renewal/tray-model.ts';

/**
 * Tray icons drawn in code: a filled circle in the state's colour. No binary assets to build,
 * sign or keep in sync, and every size is sharp. Colour is not the only signal: the tooltip and
 * the menu's status line say the same in words.
 */

/** sRGB colour per state. */
export const TRAY_ICON_COLORS: Record<TrayIconState, { r: number; g: number; b: number }> = {
  ok: { r: 0x2e, g: 0x9e, b: 0x48 },
  warning: { r: 0xf0, g: 0xa0, b: 0x00 },
  error: { r: 0xd9, g: 0x30, b: 0x25 },
  paused: { r: 0x8a, g: 0x8f, b: 0x98 },
  busy: { r: 0x1a, g: 0x73, b: 0xe8 },
};

/** Logical size of the tray icon (points); a 2x representation is added for HiDPI screens. */
export const TRAY_ICON_SIZE = 16;

/**
 * `size`×`size` pixels, 4 bytes each in B, G, R, A order with premultiplied alpha: Skia's native
 * format, which `nativeImage.createFromBitmap` takes as is. The edge is anti-aliased by the
 * pixel's coverage, estimated from its centre's distance to the circle.
 */
export function trayIconBitmap(state: TrayIconState, size: number): Buffer {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Icon size must be a positive integer, not ${size}`);
  const { r, g, b } = TRAY_ICON_COLORS[state];
  const out = Buffer.alloc(size * size * 4); // zero: transparent black
  const centre = size / 2;
  // Leaves a pixel of air per 16 so the circle does not touch the tray's neighbours.
  const radius = centre - Math.max(1, size / 16);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x + 0.5 - centre, y + 0.5 - centre);
      const coverage = Math.min(1, Math.max(0, radius - distance + 0.5));
      if (coverage === 0) continue;
      const i = (y * size + x) * 4;
      out[i] = Math.round(b * coverage);
      out[i + 1] = Math.round(g * coverage);
      out[i + 2] = Math.round(r * coverage);
      out[i + 3] = Math.round(255 * coverage);
    }
  }
  return out;
}

/** The part of a NativeImage this module uses. */
export interface ScalableImage {
  addRepresentation(options: { scaleFactor: number; width: number; height: number; buffer: Buffer }): void;
}

type CreateFromBitmap<T> = (buffer: Buffer, options: { width: number; height: number; scaleFactor?: number }) => T;

/** One image per state, 1x and 2x. Pass `nativeImage.createFromBitmap`. */
export function trayIconImages<T extends ScalableImage>(createFromBitmap: CreateFromBitmap<T>): Record<TrayIconState, T> {
  const images = {} as Record<TrayIconState, T>;
  for (const state of TRAY_ICON_STATES) {
    const image = createFromBitmap(trayIconBitmap(state, TRAY_ICON_SIZE), {
      width: TRAY_ICON_SIZE,
      height: TRAY_ICON_SIZE,
      scaleFactor: 1,
    });
    const double = TRAY_ICON_SIZE * 2;
    image.addRepresentation({ scaleFactor: 2, width: double, height: double, buffer: trayIconBitmap(state, double) });
    images[state] = image;
  }
  return images;
}

// Compile-time proof that Electron's own objects fit the structural types above.
type Assert<T extends true> = T;
export type _ElectronFitsTrayIcons = Assert<
  NativeImage extends ScalableImage ? (typeof nativeImage.createFromBitmap extends CreateFromBitmap<NativeImage> ? true : false) : false
>;
