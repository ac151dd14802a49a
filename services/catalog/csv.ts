/**
 * A small RFC 4180 reader and writer for catalog imports: quoted fields with "" escapes, embedded commas
 * and line breaks, CRLF or LF records, and the UTF-8 BOM that spreadsheet exports of Chinese lists carry.
 */

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`CSV line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

interface CsvRecord {
  fields: string[];
  /** The line the record starts on. */
  line: number;
}

/** Every record as an array of fields. A trailing line break does not make an empty record. */
export function parseCsv(text: string): string[][] {
  return readRecords(text).map((r) => r.fields);
}

function readRecords(text: string): CsvRecord[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let record: string[] = [];
  let recordLine = 1;
  let field = '';
  let line = 1;
  let i = 0;
  let quoted = false; // the current field was opened by a quote
  let atFieldStart = true;
  const endField = (): void => {
    record.push(field);
    field = '';
    quoted = false;
    atFieldStart = true;
  };
  const endRecord = (): void => {
    endField();
    records.push({ fields: record, line: recordLine });
    record = [];
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (atFieldStart && ch === '"') {
      quoted = true;
      atFieldStart = false;
      const open = line;
      i++;
      for (;;) {
        if (i >= src.length) throw new CsvSyntaxError(open, 'unterminated quoted field');
        const c = src[i]!;
        if (c === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      const after = src[i];
      if (after !== undefined && after !== ',' && after !== '\r' && after !== '\n') {
        throw new CsvSyntaxError(line, 'text after a closing quote');
      }
      continue;
    }
    atFieldStart = false;
    if (ch === ',') {
      endField();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else if (ch === '"' && !quoted) {
      throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
    } else {
      field += ch;
      i++;
    }
  }
  if (!atFieldStart || record.length > 0) endRecord();
  return records;
}

export interface CsvRow {
  /** The record's line number in the file (1 = the header), for problem reports. */
  line: number;
  values: Record<string, string>;
}

/**
 * Records keyed by the header row. Blank records are skipped; a record whose width differs from the
 * header's is a syntax error (a shifted column would silently put values in the wrong field).
 */
export function parseCsvTable(text: string): { header: string[]; rows: CsvRow[] } {
  const records = readRecords(text);
  const header = (records[0]?.fields ?? []).map((h) => h.trim());
  const rows: CsvRow[] = [];
  for (const { fields, line } of records.slice(1)) {
    if (fields.length === 1 && fields[0]!.trim() === '') continue;
    if (fields.length !== header.length) throw new CsvSyntaxError(line, `${fields.length} fields where the header has ${header.length}`);
    rows.push({ line, values: Object.fromEntries(header.map((h, j) => [h, fields[j]!])) });
  }
  return { header, rows };
}

const needsQuotes = (f: string): boolean => /[",\r\n]/.test(f) || f !== f.trim();

/** RFC 4180 text: CRLF record ends, fields quoted when they hold a comma, quote, line break or edge space. */
export function formatCsv(records: readonly (readonly string[])[]): string {
  return records.map((r) => r.map((f) => (needsQuotes(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',')).join('\r\n') + '\r\n';
}
