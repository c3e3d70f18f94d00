import { compressPhoto as compress } from '../../shared/compress-photo';
import { photoRules } from '../../shared/photo-rules';
import { newId } from './ids';

/** Photos a patrol report may carry (the server takes 6 per case). */
export const MAX_PHOTOS = photoRules.maxPhotos;

/** A compressed photo as the offline queue stores it: bytes (IndexedDB keeps ArrayBuffers everywhere). */
export interface CompressedPhoto {
  localId: string;
  bytes: ArrayBuffer;
  type: string;
}

/** The shared browser compression (≤1600 px JPEG), kept as bytes for the queue; throws when the browser cannot read the image. */
export async function compressPhoto(file: File): Promise<CompressedPhoto> {
  const blob = await compress(file);
  return { localId: newId(), bytes: await blob.arrayBuffer(), type: blob.type || 'image/jpeg' };
}
