import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cleanPhoto, sniffImageType } from '../../../src/modules/cases/photos/image.js';
import { carriesTestMetadata, exifHasGps, jpegMarkers, makeJpeg, makePng, makeWebp, pngChunks, webpChunks } from '../../support/images.js';

const opts = { maxPixels: 50_000_000 };

describe('photo content check and metadata stripping', () => {
  it('knows JPEG, PNG and WebP by their bytes, and nothing else', async () => {
    expect(sniffImageType(await makeJpeg())).toBe('image/jpeg');
    expect(sniffImageType(await makePng())).toBe('image/png');
    expect(sniffImageType(await makeWebp())).toBe('image/webp');
    expect(sniffImageType(Buffer.from('GIF89a....'))).toBeNull();
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
  });

  it('removes EXIF (with GPS) and XMP from a JPEG, keeping the picture and its size', async () => {
    const input = await makeJpeg(64, 48);
    const before = await sharp(input).metadata();
    expect(exifHasGps(before.exif)).toBe(true);
    expect(before.xmp).toBeDefined();
    expect(jpegMarkers(input)).toContain(0xe1);

    const out = await cleanPhoto(input, 'image/jpeg', opts);
    expect(out).toMatchObject({ contentType: 'image/jpeg', width: 64, height: 48 });
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
    const after = await sharp(out.data).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(jpegMarkers(out.data).filter((m) => m === 0xe1 || m === 0xed || m === 0xfe)).toEqual([]);
    expect(carriesTestMetadata(out.data)).toBe(false);
  });

  it('applies the EXIF orientation to the pixels before dropping it', async () => {
    const out = await cleanPhoto(await makeJpeg(64, 48, { orientation: 6 }), 'image/jpeg', opts);
    expect([out.width, out.height]).toEqual([48, 64]);
    expect((await sharp(out.data).metadata()).orientation ?? 1).toBe(1);
  });

  it('removes eXIf and text chunks from a PNG and EXIF/XMP chunks from a WebP', async () => {
    const png = await makePng();
    expect(pngChunks(png)).toContain('eXIf');
    const cleanPng = await cleanPhoto(png, 'image/png', opts);
    expect(pngChunks(cleanPng.data).filter((c) => ['eXIf', 'tEXt', 'iTXt', 'zTXt', 'iCCP'].includes(c))).toEqual([]);
    expect(carriesTestMetadata(cleanPng.data)).toBe(false);

    const webp = await makeWebp();
    expect(webpChunks(webp)).toEqual(expect.arrayContaining(['EXIF', 'XMP ']));
    const cleanWebp = await cleanPhoto(webp, 'image/webp', opts);
    expect(webpChunks(cleanWebp.data).filter((c) => ['EXIF', 'XMP ', 'ICCP'].includes(c))).toEqual([]);
    expect(carriesTestMetadata(cleanWebp.data)).toBe(false);
  });

  it('refuses a declared type that does not match, a non-image, a truncated image and a pixel bomb', async () => {
    const png = await makePng();
    await expect(cleanPhoto(png, 'image/jpeg', opts)).rejects.toMatchObject({ code: 'INVALID_PHOTO', message: expect.stringContaining('不符') });
    await expect(cleanPhoto(Buffer.from('%PDF-1.7 not an image'), 'image/jpeg', opts)).rejects.toMatchObject({ code: 'INVALID_PHOTO' });
    const jpeg = await makeJpeg(200, 200);
    await expect(cleanPhoto(jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'image/jpeg', opts)).rejects.toMatchObject({ code: 'INVALID_PHOTO', message: expect.stringContaining('损坏') });
    await expect(cleanPhoto(await makePng(3000, 1000), 'image/png', { maxPixels: 1_000_000 })).rejects.toMatchObject({ code: 'INVALID_PHOTO', message: expect.stringContaining('像素') });
    // No declared type (a client that sends none) is judged by content alone.
    expect((await cleanPhoto(png, undefined, opts)).contentType).toBe('image/png');
  });
});
