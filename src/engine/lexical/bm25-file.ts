/**
 * The saved form of the BM25 index: MiniSearch's own data (document ids, field lengths, postings)
 * as flat little-endian uint32 arrays behind a small JSON header, loaded straight into a
 * MiniSearch instance. Scoring stays MiniSearch's: this file only changes how its data is stored.
 *
 * Why not MiniSearch's JSON (`toJSON` / `loadJS`): every posting there is a property of a JSON
 * object keyed by a numeric string, so loading parses ~1.4M keys and `parseInt`s each one; at
 * 50k chunks (137k sentences) that was ~2 s of a 3.3 s cold start. Here the postings are read as
 * one typed array that MiniSearch's maps read from (issue 15e: building the 1.8M entries of those
 * maps was still ~0.4 s of every start; see SavedPostings and LazyMap).
 *
 * How: MiniSearch declares its index fields `protected`, i.e. open to subclasses; `SavedMiniSearch`
 * reads and fills them. They are the same fields `loadJS` fills, with the same values
 * (tests/unit/engine/lexical/bm25-file.test.ts checks that the loaded index answers exactly as
 * one loaded through MiniSearch's own JSON). minisearch is pinned to an exact version for this.
 *
 * Layout: MAGIC (8 bytes); uint32 LE byte length of the header; the header (UTF-8 JSON), padded
 * with spaces to a multiple of 4 bytes; then uint32 LE arrays, in order: short ids [documents],
 * field lengths [documents], postings per term [terms], document frequency per term [terms],
 * posting short ids [postings], posting term frequencies [postings].
 */
import { endianness } from 'node:os';
import MiniSearch, { type Options } from 'minisearch';
import { z } from 'zod';
import { LazyMap } from '../../domain/lazy-map.js';

/** "DQLX" + format 1 of this file, NUL-padded. */
const MAGIC = Buffer.from('DQLX\x00\x00\x00\x01', 'latin1');
const LITTLE_ENDIAN_HOST = endianness() === 'LE';
/** The one field the lexical index has (see bm25.ts). */
const FIELD = 'text';

const headerSchema = z.object({
  documentCount: z.number().int().nonnegative(),
  nextId: z.number().int().nonnegative(),
  dirtCount: z.number().int().nonnegative(),
  averageFieldLength: z.number().nonnegative(),
  /** External ids, aligned with the short ids array. */
  ids: z.array(z.string()),
  terms: z.array(z.string()),
  postings: z.number().int().nonnegative(),
});
type Header = z.infer<typeof headerSchema>;

export class LexicalFileError extends Error {
  override name = 'LexicalFileError';
}

/** MiniSearch with a loader and saver for the flat form above. */
export class SavedMiniSearch<T> extends MiniSearch<T> {
  /** The index as bytes (see the layout above); document frequencies `df` are saved alongside. */
  toBytes(df: ReadonlyMap<string, number>): Buffer {
    const fieldId = this.fieldId();
    const n = this._documentIds.size;
    const shortIds = new Uint32Array(n);
    const lengths = new Uint32Array(n);
    const ids: string[] = [];
    let i = 0;
    for (const [shortId, id] of this._documentIds) {
      if (typeof id !== 'string') throw new LexicalFileError(`document id ${String(id)} is not a string`);
      shortIds[i] = shortId;
      lengths[i] = this._fieldLength.get(shortId)?.[fieldId] ?? 0;
      ids.push(id);
      i++;
    }
    const terms: string[] = [];
    const counts: number[] = [];
    const docs: number[] = [];
    const freqs: number[] = [];
    for (const [term, fields] of this._index) {
      const postings = fields.get(fieldId);
      if (!postings || postings.size === 0) continue;
      terms.push(term);
      counts.push(postings.size);
      for (const [doc, freq] of postings) {
        docs.push(doc);
        freqs.push(freq);
      }
    }
    const header: Header = {
      documentCount: this._documentCount,
      nextId: this._nextId,
      dirtCount: this._dirtCount,
      averageFieldLength: this._avgFieldLength[fieldId] ?? 0,
      ids,
      terms,
      postings: docs.length,
    };
    let json = Buffer.from(JSON.stringify(header), 'utf8');
    if (json.length % 4) json = Buffer.concat([json, Buffer.alloc(4 - (json.length % 4), ' ')]);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(json.length);
    const arrays = [shortIds, lengths, Uint32Array.from(counts), Uint32Array.from(terms, (t) => df.get(t) ?? 0), Uint32Array.from(docs), Uint32Array.from(freqs)];
    return Buffer.concat([MAGIC, length, json, ...arrays.map(littleEndianBytes)]);
  }

  /** Reads `bytes` written by `toBytes`; throws LexicalFileError when they are not such a file. */
  static fromBytes<T>(bytes: Uint8Array, options: Options<T>): { search: SavedMiniSearch<T>; df: Map<string, number> } {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) throw new LexicalFileError('not a lexical index of this version');
    const headerBytes = buf.readUInt32LE(MAGIC.length);
    const start = MAGIC.length + 4;
    if (headerBytes % 4 || start + headerBytes > buf.length) throw new LexicalFileError('header runs past the end of the file');
    let header: Header;
    try {
      header = headerSchema.parse(JSON.parse(buf.toString('utf8', start, start + headerBytes)));
    } catch (err) {
      throw new LexicalFileError(`header is invalid (${(err as Error).message.split('\n')[0]})`);
    }
    const n = header.ids.length;
    const t = header.terms.length;
    const p = header.postings;
    const words = u32View(buf.subarray(start + headerBytes));
    if (words.length !== 2 * n + 2 * t + 2 * p) throw new LexicalFileError(`holds ${words.length * 4} bytes of arrays, its header describes ${(2 * n + 2 * t + 2 * p) * 4}`);
    const shortIds = words.subarray(0, n);
    const lengths = words.subarray(n, 2 * n);
    const counts = words.subarray(2 * n, 2 * n + t);
    const dfs = words.subarray(2 * n + t, 2 * n + 2 * t);
    const docs = words.subarray(2 * n + 2 * t, 2 * n + 2 * t + p);
    const freqs = words.subarray(2 * n + 2 * t + p);

    const ms = new SavedMiniSearch<T>(options);
    const fieldId = ms.fieldId();
    ms._documentCount = header.documentCount;
    ms._nextId = header.nextId;
    ms._dirtCount = header.dirtCount;
    ms._avgFieldLength[fieldId] = header.averageFieldLength;
    // Per-sentence maps (137k entries each at 50k chunks, ~0.2 s to build) stay unbuilt until
    // something other than a search needs them (adding or removing sentences, saving). Searches
    // look sentences up by short id, which for an index saved without removals is the position
    // in these arrays, so lookups read the arrays directly.
    const idsOf = header.ids;
    let dense = n === header.nextId;
    for (let i = 0; dense && i < n; i++) dense = shortIds[i] === i;
    const at = (k: number) => (dense && Number.isInteger(k) && k >= 0 && k < n ? k : -1);
    ms._documentIds = new LazyMap(
      (m) => {
        for (let i = 0; i < n; i++) m.set(shortIds[i]!, idsOf[i]);
      },
      dense ? (k) => idsOf[at(k)] : undefined,
    );
    ms._idToShortId = new LazyMap((m) => {
      for (let i = 0; i < n; i++) m.set(idsOf[i], shortIds[i]!);
    });
    const lengthsOf = (i: number) => {
      const lengthsOfDoc: number[] = [];
      lengthsOfDoc[fieldId] = lengths[i]!;
      return lengthsOfDoc;
    };
    ms._fieldLength = new LazyMap(
      (m) => {
        for (let i = 0; i < n; i++) m.set(shortIds[i]!, lengthsOf(i));
      },
      dense ? (k) => (at(k) < 0 ? undefined : lengthsOf(k)) : undefined,
    );
    const df = new Map<string, number>();
    let next = 0;
    for (let i = 0; i < t; i++) {
      const term = header.terms[i]!;
      const first = next;
      const end = next + counts[i]!;
      if (end > p) throw new LexicalFileError(`postings of "${term}" run past the end of the file`);
      // Building 1.8M posting entries at 50k chunks was most of loading this file: searches read
      // them from the arrays instead, and a Map is only built when postings change.
      ms._index.set(term, new Map([[fieldId, new SavedPostings(docs.subarray(first, end), freqs.subarray(first, end))]]));
      if (dfs[i]! > 0) df.set(term, dfs[i]!);
      next = end;
    }
    if (next !== p) throw new LexicalFileError(`holds ${p} postings, its terms account for ${next}`);
    return { search: ms, df };
  }

  private fieldId(): number {
    const id = this._fieldIds[FIELD];
    if (id === undefined || Object.keys(this._fieldIds).length !== 1) throw new LexicalFileError(`the saved form holds one field, "${FIELD}"`);
    return id;
  }
}

/**
 * One term's postings (short id → term frequency) as MiniSearch sees them: a Map. Until anything
 * changes them, the reads a search makes (`size`, `keys`, `get`, `has`) come straight from the
 * saved arrays, whose short ids are ascending as saved (checked; otherwise they are filled into
 * the Map on first use like any LazyMap). A search reads `get` in `keys` order, so the position
 * after the last hit is tried before a binary search.
 */
class SavedPostings extends LazyMap<number, number> {
  private readonly sorted: boolean;
  private next = 0;

  constructor(
    private readonly docs: Uint32Array,
    private readonly freqs: Uint32Array,
  ) {
    super((m) => {
      for (let k = 0; k < docs.length; k++) m.set(docs[k]!, freqs[k]!);
    });
    let sorted = true;
    for (let k = 1; sorted && k < docs.length; k++) sorted = docs[k - 1]! < docs[k]!;
    this.sorted = sorted;
  }

  private find(doc: number): number {
    if (this.docs[this.next] === doc) return this.next++;
    let lo = 0;
    let hi = this.docs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = this.docs[mid]!;
      if (d === doc) {
        this.next = mid + 1;
        return mid;
      }
      if (d < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  override get size(): number {
    return this.filled || !this.sorted ? super.size : this.docs.length;
  }

  override get(doc: number): number | undefined {
    if (this.filled || !this.sorted) return super.get(doc);
    const at = this.find(doc);
    return at < 0 ? undefined : this.freqs[at];
  }

  override has(doc: number): boolean {
    return this.filled || !this.sorted ? super.has(doc) : this.find(doc) >= 0;
  }

  override keys(): MapIterator<number> {
    // An array iterator: the same protocol as a Map's key iterator, which is all a caller uses.
    return this.filled || !this.sorted ? super.keys() : (this.docs.values() as unknown as MapIterator<number>);
  }
}

function littleEndianBytes(words: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  if (LITTLE_ENDIAN_HOST) return bytes;
  const swapped = Uint8Array.from(bytes);
  swapWords(swapped);
  return swapped;
}

/** The bytes as uint32 words (copied when misaligned or on a big-endian host). */
function u32View(bytes: Uint8Array): Uint32Array {
  if (bytes.length % 4) throw new LexicalFileError('arrays are not whole 32-bit words');
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % 4 === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const copy = Uint8Array.from(bytes);
  if (!LITTLE_ENDIAN_HOST) swapWords(copy);
  return new Uint32Array(copy.buffer);
}

function swapWords(bytes: Uint8Array): void {
  // A Buffer view over the same memory: Node's swap32 reverses each 4-byte word in place.
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).swap32();
}
