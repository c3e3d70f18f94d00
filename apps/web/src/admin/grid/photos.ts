import { newId } from './ids';
/**
 * Photos are made smaller in the browser before they are queued or uploaded: a phone's 12 MP
 * picture becomes a JPEG of at most 1600 px on its long side (a few hundred kB), which is what
 * a patrol on a weak mobile connection can send. Drawing to a canvas also drops the EXIF data.
 */
export const MAX_PHOTO_SIDE = 1600;
export const MAX_PHOTOS = 6;
const QUALITY = 0.82;

/** The size a w×h image is drawn at so its long side is at most `max` (never enlarged). */
export function fitWithin(w: number, h: number, max = MAX_PHOTO_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(w, h, 1));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

export interface CompressedPhoto {
  localId: string;
  bytes: ArrayBuffer;
  type: 'image/jpeg';
  width: number;
  height: number;
}

async function decode(file: Blob): Promise<{ source: CanvasImageSource; width: number; height: number; close: () => void }> {
  if (typeof createImageBitmap === 'function') {
    try {
      // Phones store the camera's rotation in EXIF: apply it, since the EXIF is not kept.
      const bmp = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { source: bmp, width: bmp.width, height: bmp.height, close: () => bmp.close() };
    } catch {
      // Fall through to an <img>, which some browsers decode more formats with.
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => URL.revokeObjectURL(url) };
  } catch (err) {
    URL.revokeObjectURL(url);
    throw err;
  }
}

/** Decodes, scales down and re-encodes a picked image as JPEG; throws when the browser cannot read it. */
export async function compressPhoto(file: Blob): Promise<CompressedPhoto> {
  const img = await decode(file);
  try {
    const { width, height } = fitWithin(img.width, img.height);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('canvas unavailable');
    // JPEG has no transparency: a white ground instead of black behind transparent PNG areas.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(img.source, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
    if (!blob) throw new Error('encoding failed');
    return { localId: newId(), bytes: await blob.arrayBuffer(), type: 'image/jpeg', width, height };
  } finally {
    img.close();
  }
}
