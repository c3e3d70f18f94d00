import yauzl from 'yauzl';

/**
 * Checks a zip (an .xlsx) before anything parses it: the central directory must be readable and
 * consistent, and neither the declared nor the real unpacked size may pass the limits. A zip bomb
 * (a few kB that unpack to gigabytes, or a directory that lies about sizes) is refused here.
 * yauzl reads the central directory and, while inflating, fails an entry that yields more bytes
 * than it declared (validateEntrySizes), so lying headers are caught too.
 */
export interface ZipLimits {
  /** Most bytes all entries may unpack to together. */
  maxInflatedBytes: number;
  /** Most entries (an .xlsx has a few dozen). */
  maxEntries: number;
  /** Highest unpacked/packed ratio of one entry larger than 1 MB unpacked (XML packs ~10–30×; bombs 1000×). */
  maxRatio: number;
}

export type ZipProblem =
  | { kind: 'corrupt' }
  | { kind: 'too-many-entries'; entries: number }
  | { kind: 'too-large'; bytes: number }
  | { kind: 'ratio'; entry: string; ratio: number };

export const defaultZipLimits = (maxInflatedBytes: number): ZipLimits => ({ maxInflatedBytes, maxEntries: 1000, maxRatio: 200 });

const open = (buf: Buffer) =>
  new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => (err || !zip ? reject(err) : resolve(zip))),
  );

/** null when the zip may be parsed; else what is wrong with it. */
export async function inspectZip(buf: Buffer, limits: ZipLimits): Promise<ZipProblem | null> {
  let zip: yauzl.ZipFile;
  try {
    zip = await open(buf);
  } catch {
    return { kind: 'corrupt' };
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    return { kind: 'too-many-entries', entries: zip.entryCount };
  }
  let declared = 0;
  let inflated = 0;
  return new Promise<ZipProblem | null>((resolve) => {
    let done = false;
    const finish = (p: ZipProblem | null) => {
      if (done) return;
      done = true;
      zip.close();
      resolve(p);
    };
    zip.on('error', () => finish({ kind: 'corrupt' }));
    zip.on('end', () => finish(null));
    zip.on('entry', (e: yauzl.Entry) => {
      declared += e.uncompressedSize;
      if (declared > limits.maxInflatedBytes) return finish({ kind: 'too-large', bytes: declared });
      const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
      if (e.uncompressedSize > 1024 * 1024 && ratio > limits.maxRatio) return finish({ kind: 'ratio', entry: e.fileName, ratio: Math.round(ratio) });
      if (e.fileName.endsWith('/')) return zip.readEntry();
      // Inflate for real (counting, never keeping): the declared sizes are the sender's word.
      zip.openReadStream(e, (err, stream) => {
        if (err || !stream) return finish({ kind: 'corrupt' });
        stream.on('data', (chunk: Buffer) => {
          inflated += chunk.length;
          if (inflated > limits.maxInflatedBytes) {
            stream.destroy();
            finish({ kind: 'too-large', bytes: inflated });
          }
        });
        stream.on('error', () => finish({ kind: 'corrupt' }));
        stream.on('end', () => zip.readEntry());
      });
    });
    zip.readEntry();
  });
}
