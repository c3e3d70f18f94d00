// Prints docs/access-matrix.md: npx tsx apps/server/test/support/print-access-matrix.ts > docs/access-matrix.md
import { renderAccessMatrix } from './access-table.js';

process.stdout.write(renderAccessMatrix());
