import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ChainKind, EventStore, StoredRecord } from './port.js';
import type { RecordSource } from './log-verify.js';

/**
 * The export file of `npm run export` / `npm run restore`: NDJSON, one object per line.
 *   line 1      {"format":"hrss-log/1","backend":…,"chain":"global"|"stream","head":N,"exportedAt":…}
 *   each event  {"position":…,"streamId":…,"revision":…,"eventId":…,"type":…,"schemaVersion":…,
 *                "data":"<stored JSON text>","metadata":"<stored JSON text>","hash":…[,"previous":…]}
 *   last line   {"end":true,"events":N,"head":{"position":P,"hash":H}}
 * data and metadata stay the stored texts, byte for byte, so every hash can be recomputed from the file; the
 * last line tells a complete file from a cut one.
 */
export const LOG_FILE_FORMAT = 'hrss-log/1';

export interface LogFileHeader {
  format: typeof LOG_FILE_FORMAT;
  backend: string;
  chain: ChainKind;
  /** The head when the export began: the file holds the log up to it (a consistent prefix). */
  head: number;
  exportedAt: string;
  /** Where the source's chain guarantee began (a store hashed at its upgrade), carried over by restore. */
  seal?: { sealedThrough: number; sealedAt: string };
}

export interface LogFileTrailer {
  end: true;
  events: number;
  head: { position: number; hash: string };
}

export class LogFileError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}, line ${line}: ${message}`);
    this.name = 'LogFileError';
  }
}

/** Writes the log up to its head when called, in batches; `write` takes each chunk of lines. */
export async function exportLog(
  store: EventStore,
  write: (chunk: string) => Promise<void> | void,
  options: { batch?: number; onProgress?: (position: number, head: number) => void } = {},
): Promise<{ header: LogFileHeader; trailer: LogFileTrailer }> {
  const batch = options.batch ?? 2000;
  // Positions only grow and a committed event never changes: everything up to this head is a consistent prefix,
  // whatever is appended while the export runs.
  const head = await store.headPosition();
  const seal = await store.chainSeal?.();
  const header: LogFileHeader = {
    format: LOG_FILE_FORMAT,
    backend: store.backend,
    chain: store.chain,
    head,
    exportedAt: new Date().toISOString(),
    ...(seal && seal.sealedThrough > 0 ? { seal } : {}),
  };
  await write(`${JSON.stringify(header)}\n`);
  let events = 0;
  let last = { position: 0, hash: '' };
  for (let after = 0; after < head; ) {
    const page = (await store.readRecords({ after, limit: batch })).filter((r) => r.position <= head);
    if (page.length === 0) break;
    await write(page.map((r) => `${JSON.stringify(r)}\n`).join(''));
    events += page.length;
    const end = page[page.length - 1]!;
    last = { position: end.position, hash: end.hash };
    after = end.position;
    options.onProgress?.(after, head);
  }
  const trailer: LogFileTrailer = { end: true, events, head: last };
  await write(`${JSON.stringify(trailer)}\n`);
  return { header, trailer };
}

const isText = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

function recordOf(value: unknown): StoredRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  const ok =
    isInt(r.position) && isText(r.streamId) && isInt(r.revision) && isText(r.eventId) && isText(r.type) && isInt(r.schemaVersion) &&
    isText(r.data) && isText(r.metadata) && isText(r.hash) && (r.previous === undefined || isText(r.previous));
  if (!ok) return undefined;
  return {
    position: r.position,
    streamId: r.streamId,
    revision: r.revision,
    eventId: r.eventId,
    type: r.type,
    schemaVersion: r.schemaVersion,
    data: r.data,
    metadata: r.metadata,
    hash: r.hash,
    ...(isText(r.previous) ? { previous: r.previous } : {}),
  } as StoredRecord;
}

/**
 * An export file read front to back, once, as a record source (for verifyLog and the installers): the
 * header first, then records in pages, checked line by line; the trailer once the records are read.
 */
export async function openLogFile(file: string): Promise<{ header: LogFileHeader; source: RecordSource; trailer: () => LogFileTrailer; close: () => void }> {
  const input = createReadStream(file, 'utf8');
  const reader = createInterface({ input, crlfDelay: Infinity });
  const lines: AsyncIterator<string> = reader[Symbol.asyncIterator]();
  let lineNo = 0;
  const nextLine = async (): Promise<unknown> => {
    const next = await lines.next();
    if (next.done === true) return undefined;
    lineNo++;
    try {
      return JSON.parse(next.value) as unknown;
    } catch {
      throw new LogFileError(file, lineNo, 'not a JSON line');
    }
  };
  const close = (): void => {
    reader.close();
    input.destroy();
  };
  let header: Partial<LogFileHeader> | undefined;
  try {
    header = (await nextLine()) as Partial<LogFileHeader> | undefined;
  } catch (error) {
    close();
    throw error;
  }
  if (header?.format !== LOG_FILE_FORMAT || (header.chain !== 'global' && header.chain !== 'stream') || !isInt(header.head)) {
    close();
    throw new LogFileError(file, 1, `not an event log export (${LOG_FILE_FORMAT})`);
  }
  let trailer: LogFileTrailer | undefined;
  let lastPosition = 0;
  let count = 0;
  const source: RecordSource = {
    chain: header.chain,
    async readRecords(options = {}) {
      const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
      if ((options.after ?? 0) !== lastPosition) throw new Error('an export file is read front to back, once');
      const out: StoredRecord[] = [];
      while (trailer === undefined && out.length < limit) {
        const value = await nextLine();
        if (value === undefined) throw new LogFileError(file, lineNo, 'the file ends before its last line: it is cut short');
        if ((value as Partial<LogFileTrailer>).end === true) {
          trailer = value as LogFileTrailer;
          if (trailer.events !== count) throw new LogFileError(file, lineNo, `the last line counts ${trailer.events} events, the file holds ${count}`);
          break;
        }
        const record = recordOf(value);
        if (!record) throw new LogFileError(file, lineNo, 'not an event record');
        if (record.position <= lastPosition) throw new LogFileError(file, lineNo, `position ${record.position} after ${lastPosition}: out of order`);
        lastPosition = record.position;
        count++;
        out.push(record);
      }
      return out;
    },
  };
  return {
    header: header as LogFileHeader,
    source,
    close,
    trailer: () => {
      if (!trailer) throw new Error('the file has not been read to its end');
      return trailer;
    },
  };
}
