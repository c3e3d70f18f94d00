// Finds unmasked personal data in a response: 18-character Chinese ID numbers with a valid
// GB 11643 check digit, and mainland mobile numbers (1[3-9] + 9 digits), as whole tokens.
import ExcelJS from 'exceljs';

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = '10X98765432';

export function validIdNumber(s: string): boolean {
  if (!/^\d{17}[\dX]$/i.test(s)) return false;
  const sum = [...s.slice(0, 17)].reduce((acc, ch, i) => acc + Number(ch) * weights[i]!, 0);
  return checkChars[sum % 11] === s[17]!.toUpperCase();
}

// Token boundaries are letters and digits on either side: a uuid's hex or a longer number (a case
// number, a millisecond timestamp) is not a phone.
const idPattern = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const phonePattern = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;

export function findPersonal(text: string): string[] {
  const ids = [...text.matchAll(idPattern)].map((m) => m[0]).filter(validIdNumber);
  const phones = [...text.matchAll(phonePattern)].map((m) => m[0]);
  return [...ids, ...phones];
}

/** The text of a response for the scan: JSON/CSV as is, every cell of an .xlsx workbook. */
export async function responseText(contentType: string | undefined, raw: Buffer): Promise<string> {
  if (contentType?.includes('spreadsheetml')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(raw as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => void cells.push(String(c.text ?? '')))));
    return cells.join('\n');
  }
  if (contentType?.startsWith('image/')) return '';
  return raw.toString('utf8');
}
