/**
 * The documents of a build in one binary file (`documents.bin`): each document's canonical text
 * and its quotable blocks' kind and location. Written by the build, read at every start.
 *
 * Why not JSON (`texts.json` + `paragraphs.json` until index format 9): at 50k chunks, parsing
 * 17 MB of escaped JSON strings and validating 50k block objects with zod was ~0.4 s of a cold
 * start. This is our own file, written next to a manifest that is validated, so loading checks
 * the structure (magic, counts, lengths, every value in range) instead of running a schema over
 * each block: a file that fails any check is a corrupt index, rebuilt like any other.
 *
 * Layout: MAGIC (8 bytes); uint32 LE byte length of the header; the header (UTF-8 JSON: block
 * kinds and distinct heading paths, each stored once), padded with spaces to a multiple of 4
 * bytes; uint32 document count D; uint32 block count B; uint32 × D end of each document's text
 * in the text bytes; uint32 × D encoding of each text; uint32 × D number of blocks of each
 * document; int32 × 5B per block [kind index, heading path index, page or 0, first line or 0,
 * last line or 0]; then the texts.
 *
 * Each text is stored as JavaScript holds it in memory: Latin-1 (one byte per character) when
 * every character fits, else UTF-16LE. Reading is then a copy per text; decoding 17 MB of
 * UTF-8 at 50k chunks took ~5× as long.
 */
import { endianness } from 'node:os';
import { z } from 'zod';
import type { ParagraphInfo } from '../chunking/document.js';
import type { BlockKind } from '../readers/types.js';

/** "DQDC" + format 2 of this file (1 held UTF-8 texts; never merged), NUL-padded. */
const MAGIC = Buffer.from('DQDC\x00\x00\x00\x02', 'latin1');
/** A text's encoding in the file (see above). */
const LATIN1 = 1;
const UTF16LE = 2;
const ENCODINGS: Record<number, BufferEncoding> = { [LATIN1]: 'latin1', [UTF16LE]: 'utf16le' };
/** Characters beyond Latin-1: such a text is stored as UTF-16LE. */
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;
const LITTLE_ENDIAN_HOST = endianness() === 'LE';
const BLOCK_FIELDS = 5;

/** Every kind a reader gives a block (the header names those a file uses; others are refused). */
const KNOWN_KINDS: Record<BlockKind, true> = { heading: true, paragraph: true, 'list-item': true, 'table-row': true, code: true, quote: true, note: true };

const headerSchema = z.object({ kinds: z.array(z.string()), headingPaths: z.array(z.array(z.string())) });

export class DocumentsFileError extends Error {
  override name = 'DocumentsFileError';
}

/** `texts[i]` and `paragraphs[i]` (its blocks, index = paragraph - 1) as the bytes described above. */
export function documentsToBytes(texts: readonly string[], paragraphs: readonly (readonly ParagraphInfo[])[]): Buffer {
  if (texts.length !== paragraphs.length) throw new Error(`${texts.length} texts but ${paragraphs.length} block lists`);
  const kinds: string[] = [];
  const kindIndex = new Map<string, number>();
  const headingPaths: string[][] = [];
  const pathIndex = new Map<string, number>();
  const indexOf = <T>(map: Map<string, number>, list: T[], key: string, value: T) => {
    let i = map.get(key);
    if (i === undefined) map.set(key, (i = list.push(value) - 1));
    return i;
  };
  const blocks = paragraphs.reduce((n, p) => n + p.length, 0);
  const encodings = texts.map((t) => (BEYOND_LATIN1.test(t) ? UTF16LE : LATIN1));
  const textBytes = texts.map((t, d) => Buffer.from(t, ENCODINGS[encodings[d]!]));
  const d0 = texts.length;
  const words = new Int32Array(2 + 3 * d0 + BLOCK_FIELDS * blocks);
  words[0] = d0;
  words[1] = blocks;
  let end = 0;
  let at = 2 + 3 * d0;
  texts.forEach((_, d) => {
    end += textBytes[d]!.length;
    words[2 + d] = end;
    words[2 + d0 + d] = encodings[d]!;
    words[2 + 2 * d0 + d] = paragraphs[d]!.length;
    for (const p of paragraphs[d]!) {
      words[at++] = indexOf(kindIndex, kinds, p.kind, p.kind);
      words[at++] = indexOf(pathIndex, headingPaths, JSON.stringify(p.headingPath), [...p.headingPath]);
      words[at++] = p.page ?? 0;
      words[at++] = p.lines?.[0] ?? 0;
      words[at++] = p.lines?.[1] ?? 0;
    }
  });
  let json = Buffer.from(JSON.stringify({ kinds, headingPaths }), 'utf8');
  if (json.length % 4) json = Buffer.concat([json, Buffer.alloc(4 - (json.length % 4), ' ')]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const body = Buffer.from(words.buffer, words.byteOffset, words.byteLength);
  if (!LITTLE_ENDIAN_HOST) body.swap32();
  return Buffer.concat([MAGIC, length, json, body, ...textBytes]);
}

/**
 * Texts and blocks from `documentsToBytes`'s form; throws DocumentsFileError when the bytes are
 * not such a file or disagree with `expected` (the manifest's document count and block counts).
 */
export function documentsFromBytes(
  bytes: Buffer,
  expected: { documents: number; blocksOf: (doc: number) => number },
): { texts: string[]; paragraphs: ParagraphInfo[][] } {
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new DocumentsFileError('not a documents file of this version');
  const headerBytes = bytes.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (headerBytes % 4 || start + headerBytes + 8 > bytes.length) throw new DocumentsFileError('header runs past the end of the file');
  let header: z.infer<typeof headerSchema>;
  try {
    header = headerSchema.parse(JSON.parse(bytes.toString('utf8', start, start + headerBytes)));
  } catch (err) {
    throw new DocumentsFileError(`header is invalid (${(err as Error).message.split('\n')[0]})`);
  }
  const unknownKind = header.kinds.find((k) => !Object.hasOwn(KNOWN_KINDS, k));
  if (unknownKind !== undefined) throw new DocumentsFileError(`unknown block kind "${unknownKind}"`);
  const kinds = header.kinds as BlockKind[];
  const at = start + headerBytes;
  const d = bytes.readUInt32LE(at);
  const b = bytes.readUInt32LE(at + 4);
  if (d !== expected.documents) throw new DocumentsFileError(`holds ${d} documents, the manifest lists ${expected.documents}`);
  const wordCount = 2 + 3 * d + BLOCK_FIELDS * b;
  const textStart = at + 4 * wordCount;
  if (textStart > bytes.length) throw new DocumentsFileError(`is ${bytes.length} bytes, too short for ${d} documents and ${b} blocks`);
  const words = int32View(bytes.subarray(at, textStart));
  const ends = words.subarray(2, 2 + d);
  const encodings = words.subarray(2 + d, 2 + 2 * d);
  const counts = words.subarray(2 + 2 * d, 2 + 3 * d);
  const rows = words.subarray(2 + 3 * d);
  const textBytes = bytes.length - textStart;
  const texts: string[] = new Array(d);
  const paragraphs: ParagraphInfo[][] = new Array(d);
  let from = 0;
  let row = 0;
  for (let i = 0; i < d; i++) {
    const to = ends[i]!;
    if (to < from || to > textBytes) throw new DocumentsFileError(`text of document ${i} runs outside the file`);
    const encoding = ENCODINGS[encodings[i]!];
    if (!encoding || (encoding === 'utf16le' && (to - from) % 2)) throw new DocumentsFileError(`text of document ${i} has an unknown encoding or length`);
    texts[i] = bytes.toString(encoding, textStart + from, textStart + to);
    from = to;
    const n = counts[i]!;
    if (n !== expected.blocksOf(i)) throw new DocumentsFileError(`document ${i} has ${n} blocks, the manifest says ${expected.blocksOf(i)}`);
    const blocks: ParagraphInfo[] = new Array(n);
    for (let p = 0; p < n; p++, row += BLOCK_FIELDS) {
      const kind = kinds[rows[row]!];
      const headingPath = header.headingPaths[rows[row + 1]!];
      const page = rows[row + 2]!;
      const first = rows[row + 3]!;
      const last = rows[row + 4]!;
      if (kind === undefined || headingPath === undefined || page < 0 || first < 0 || last < 0 || (first === 0) !== (last === 0)) {
        throw new DocumentsFileError(`block ${p + 1} of document ${i} is invalid`);
      }
      // Blocks of one section share its heading path array: it is only ever read.
      const info: ParagraphInfo = { kind, headingPath };
      if (page > 0) info.page = page;
      if (first > 0) info.lines = [first, last];
      blocks[p] = info;
    }
    paragraphs[i] = blocks;
  }
  if (row !== rows.length) throw new DocumentsFileError(`holds ${rows.length / BLOCK_FIELDS} blocks, its documents account for ${row / BLOCK_FIELDS}`);
  if (from !== textBytes) throw new DocumentsFileError(`holds ${textBytes} bytes of text, its documents account for ${from}`);
  return { texts, paragraphs };
}

/** The bytes as int32 words (copied when misaligned or on a big-endian host). */
function int32View(bytes: Buffer): Int32Array {
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % 4 === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const copy = Uint8Array.from(bytes);
  if (!LITTLE_ENDIAN_HOST) Buffer.from(copy.buffer).swap32();
  return new Int32Array(copy.buffer);
}
