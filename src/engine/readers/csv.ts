/**
 * CSV reader on `csv-parse` (the CSV package of the Node ecosystem; RFC 4180 quoting, embedded
 * line breaks). Each record is a 'table-row' block over its verbatim source text; the first
 * record is taken as the header, so a row can be shown and embedded as "header: value".
 */
import { parse } from 'csv-parse/sync';
import { decodeTextFile, lineIndex, titleFromFileName, trimSpan } from './common.js';
import { UnreadableFileError, type Block, type ReadDocument, type Reader, type ReaderInput } from './types.js';

interface Parsed {
  record: string[];
  raw: string;
}

/** The header line's most frequent separator: commas, or semicolons/tabs as spreadsheets export them. */
function delimiterOf(text: string, fileName: string): string {
  if (fileName.toLowerCase().endsWith('.tsv')) return '\t';
  const first = text.split(/\r?\n/, 1)[0]!;
  const count = (c: string) => first.split(c).length - 1;
  return [',', ';', '\t'].reduce((best, c) => (count(c) > count(best) ? c : best), ',');
}

export function readCsvText(text: string, fileName: string): ReadDocument {
  let records: Parsed[];
  try {
    records = parse(text, { raw: true, relax_column_count: true, delimiter: delimiterOf(text, fileName), record_delimiter: ['\r\n', '\n', '\r'], skip_empty_lines: false }) as unknown as Parsed[]; // raw: true changes the record shape; the typings do not follow
  } catch (err) {
    throw new UnreadableFileError(`not valid CSV (${String((err as Error).message).split('\n')[0]}): fix the quoting or save it as UTF-8 CSV`);
  }
  const lineOf = lineIndex(text);
  const blocks: Block[] = [];
  let cursor = 0;
  let header: string[] | undefined;
  for (const { record, raw } of records) {
    const at = text.indexOf(raw, cursor);
    if (at < 0) continue; // cannot happen with raw: true; never guess offsets
    cursor = at + raw.length;
    const span = trimSpan(text, at, at + raw.length);
    const cells = record.map((c) => c.trim());
    if (span.end <= span.start || cells.every((c) => c === '')) continue;
    blocks.push({ kind: 'table-row', ...span, headingPath: [], lines: [lineOf(span.start), lineOf(span.end - 1)], cells, ...(header ? { header } : {}) } as Block);
    header ??= cells;
  }
  return { text, title: titleFromFileName(fileName), blocks, skipped: [] };
}

export const csvReader: Reader = {
  name: 'csv',
  extensions: ['.csv', '.tsv'],
  async read({ bytes, fileName }: ReaderInput): Promise<ReadDocument> {
    return readCsvText(decodeTextFile(bytes, fileName), fileName);
  },
};
