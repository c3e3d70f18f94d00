// Zip files built in the test (never committed as binaries): zip bombs, lying headers, too many
// entries. A minimal writer: stored or deflated entries, local headers, central directory, end record.
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Written as the uncompressed size instead of the real one (a lying header). */
  declaredSize?: number;
}

export function buildZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = deflateRawSync(e.data, { level: 9 });
    const crc = crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** The parts an .xlsx names first, so that a bomb looks like a workbook to a quick glance. */
const contentTypes = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
);

/** A small .xlsx-looking zip whose sheet unpacks to `megabytes` of repeated XML (ratio ~1000:1). */
export function xlsxBomb(megabytes: number): Buffer {
  const row = Buffer.from('<row><c t="inlineStr"><is><t>0</t></is></c></row>');
  const sheet = Buffer.alloc(megabytes * 1024 * 1024);
  for (let i = 0; i < sheet.length; i += row.length) row.copy(sheet, i);
  return buildZip([
    { name: '[Content_Types].xml', data: contentTypes },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
  ]);
}

/** The same, but the headers claim the sheet is 1 kB: only real inflation finds it out. */
export function lyingXlsxBomb(megabytes: number): Buffer {
  const sheet = Buffer.alloc(megabytes * 1024 * 1024, 0x20);
  return buildZip([
    { name: '[Content_Types].xml', data: contentTypes },
    { name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize: 1024 },
  ]);
}

/** Thousands of tiny entries. */
export const manyEntriesZip = (n: number): Buffer => buildZip(Array.from({ length: n }, (_, i) => ({ name: `xl/p${i}.xml`, data: Buffer.from('<a/>') })));
