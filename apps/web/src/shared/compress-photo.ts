import { chooseUpload, fitWithin, photoRules, qualitySteps } from './photo-rules';

async function decode(file: Blob): Promise<ImageBitmap | HTMLImageElement> {
  if ('createImageBitmap' in window) {
    try {
      // Honours the EXIF orientation, so portrait photos stay upright once the metadata is gone.
      return await createImageBitmap(file, { imageOrientation: 'from-image' });
    } catch {
      // Fall through to an <img>, which some browsers decode more formats with.
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

const toBlob = (canvas: HTMLCanvasElement, quality: number) =>
  new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode failed'))), 'image/jpeg', quality));

/**
 * Scales a picked photo down and re-encodes it as JPEG in the browser, before any upload (the
 * resident portal and the grid worker's patrol reports): a 12 MP phone photo becomes a few hundred
 * kB a weak mobile connection can send, and drawing to a canvas drops the EXIF data (GPS included).
 */
export async function compressPhoto(file: File): Promise<Blob> {
  const img = await decode(file);
  const w = 'naturalWidth' in img ? img.naturalWidth : img.width;
  const h = 'naturalHeight' in img ? img.naturalHeight : img.height;
  const size = fitWithin(w, h);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const g = canvas.getContext('2d')!;
  // Transparent PNGs become white, not black, as JPEG.
  g.fillStyle = '#fff';
  g.fillRect(0, 0, size.width, size.height);
  g.drawImage(img, 0, 0, size.width, size.height);
  if ('close' in img) img.close();
  let encoded: Blob | null = null;
  for (const q of qualitySteps()) {
    encoded = await toBlob(canvas, q);
    if (encoded.size <= photoRules.maxBytes) break;
  }
  return chooseUpload(file, encoded!, size.scaled);
}
