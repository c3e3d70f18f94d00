// Small real images for photo tests, with the metadata a phone camera writes (EXIF GPS, XMP).
import sharp from 'sharp';

const gpsExif = {
  IFD0: { Make: 'GongzhiTestCam', Model: 'GZ-1', Software: 'test' },
  // 长宁区 新华路 附近
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 12/1 3000/100', GPSLongitudeRef: 'E', GPSLongitude: '121/1 25/1 4500/100' },
};
const xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="31,12.5N" exif:GPSLongitude="121,25.75E"/></rdf:RDF></x:xmpmeta>';

const base = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: { r: 180, g: 40, b: 40 } } });

export const makeJpeg = (w = 64, h = 48, opts: { orientation?: number } = {}) =>
  base(w, h).withExif(gpsExif).withXmp(xmp).withMetadata(opts.orientation ? { orientation: opts.orientation } : {}).jpeg().toBuffer();
export const makePng = (w = 40, h = 30) => base(w, h).withExif(gpsExif).withXmp(xmp).png().toBuffer();
export const makeWebp = (w = 40, h = 30) => base(w, h).withExif(gpsExif).withXmp(xmp).webp().toBuffer();

/** JPEG markers in order (APP1 = 0xe1 holds EXIF and XMP, APP13 = 0xed IPTC, COM = 0xfe). */
export function jpegMarkers(buf: Buffer): number[] {
  const out: number[] = [];
  let i = 2;
  while (i + 4 <= buf.length && buf[i] === 0xff) {
    const marker = buf[i + 1]!;
    out.push(marker);
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    i += 2 + buf.readUInt16BE(i + 2);
  }
  return out;
}

export function pngChunks(buf: Buffer): string[] {
  const out: string[] = [];
  for (let i = 8; i + 8 <= buf.length; ) {
    const len = buf.readUInt32BE(i);
    out.push(buf.toString('latin1', i + 4, i + 8));
    i += 12 + len;
  }
  return out;
}

export function webpChunks(buf: Buffer): string[] {
  const out: string[] = [];
  for (let i = 12; i + 8 <= buf.length; ) {
    const len = buf.readUInt32LE(i + 4);
    out.push(buf.toString('latin1', i, i + 4));
    i += 8 + len + (len % 2);
  }
  return out;
}

/** Whether an EXIF block (TIFF) holds a GPS IFD pointer (tag 0x8825) in IFD0. */
export function exifHasGps(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  const start = exif.indexOf('Exif\0\0', 0, 'latin1') === 0 ? 6 : 0;
  const le = exif.toString('latin1', start, start + 2) === 'II';
  const u16 = (o: number) => (le ? exif.readUInt16LE(start + o) : exif.readUInt16BE(start + o));
  const u32 = (o: number) => (le ? exif.readUInt32LE(start + o) : exif.readUInt32BE(start + o));
  const ifd = u32(4);
  const n = u16(ifd);
  for (let k = 0; k < n; k++) if (u16(ifd + 2 + k * 12) === 0x8825) return true;
  return false;
}

/** Any trace of the test metadata in the bytes. */
export const carriesTestMetadata = (buf: Buffer) => {
  const s = buf.toString('latin1');
  return s.includes('GongzhiTestCam') || s.includes('GPSLatitude') || s.includes('xmpmeta') || s.includes('Exif\0\0');
};
