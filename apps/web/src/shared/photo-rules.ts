/**
 * Photo compression rules, pure (the canvas work is in compress-photo.ts): phones take 12-megapixel
 * photos of 3–8 MB; a case needs to show a broken lamp, so 1600 px on the long side at JPEG
 * quality 0.8 (about 200–500 kB) is plenty and uploads quickly on mobile data.
 */

export const photoRules = {
  maxSide: 1600,
  quality: 0.8,
  /** Below the server's 5 MB limit with room to spare; lower quality is tried until a photo fits. */
  maxBytes: 1_500_000,
  minQuality: 0.5,
  maxPhotos: 6,
} as const;

/** The size to draw at: the long side at most `maxSide`, proportions kept, never enlarged. */
export function fitWithin(width: number, height: number, maxSide: number = photoRules.maxSide): { width: number; height: number; scaled: boolean } {
  if (!(width > 0) || !(height > 0)) throw new Error('image has no size');
  const long = Math.max(width, height);
  if (long <= maxSide) return { width, height, scaled: false };
  const k = maxSide / long;
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)), scaled: true };
}

/** Qualities to try in order, from `start` down to `minQuality` by 0.1. */
export function qualitySteps(start: number = photoRules.quality, min: number = photoRules.minQuality): number[] {
  const out: number[] = [];
  for (let q = start; q >= min - 1e-9; q -= 0.1) out.push(Math.round(q * 100) / 100);
  return out;
}

const uploadable = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * Which file to upload: the re-encoded JPEG, unless the original is already small enough, of a
 * type the server takes and needed no scaling — then whichever is smaller.
 */
export function chooseUpload<T extends { size: number; type: string }>(original: T, encoded: T, scaled: boolean): T {
  if (scaled || !uploadable.has(original.type)) return encoded;
  return original.size <= encoded.size && original.size <= photoRules.maxBytes ? original : encoded;
}

/** How many more photos may be added, and which of the picked files are taken. */
export function takePhotos<T>(picked: readonly T[], already: number, max: number = photoRules.maxPhotos): { taken: T[]; dropped: number } {
  const room = Math.max(0, max - already);
  return { taken: picked.slice(0, room), dropped: Math.max(0, picked.length - room) };
}
