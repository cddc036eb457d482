/**
 * A minimal ZIP reader for SEC bulk archives (`companyfacts.zip`: ~1.4 GB, ~17k JSON
 * entries), built on positioned reads so an archive is never loaded whole.
 *
 * Policy:
 * - The central directory is found from the end of the file (the end-of-central-directory
 *   record, after at most a 64 KiB comment) and read once; it costs ~70 bytes per entry
 *   (~1.2 MB for companyfacts.zip) and is the only thing held for the whole archive.
 * - ZIP64: when the archive has a ZIP64 end record (found through its locator) its
 *   counts, sizes and offsets are used; an entry's sizes and offset come from its ZIP64
 *   extra field (0x0001) wherever the 32-bit field is saturated (0xFFFFFFFF).
 * - Sizes come from the central directory, not the local header: a writer that streams
 *   (flag bit 3) leaves the local sizes at 0 and writes a data descriptor after the data.
 *   The local header is read only to find where the data starts (its name and extra
 *   fields can differ in length from the central copy).
 * - Methods 0 (stored) and 8 (deflate) only; encrypted entries, other methods and
 *   multi-disk archives are refused with the entry named. Every entry's inflated size
 *   and CRC-32 are checked against the directory, so a damaged download is caught at the
 *   entry that is damaged, not by a JSON error somewhere inside it.
 * - Memory: one entry. `readZipEntry` streams the compressed bytes through
 *   `createInflateRaw` into a buffer of the declared size (an entry must be whole to be
 *   parsed as JSON, so the output is held; the compressed input never is).
 *   `readZipEntrySync` (for callers that must stay synchronous, such as a loader working
 *   inside one SQLite transaction) holds the entry's compressed bytes as well.
 * - Errors are ImportErrors naming the archive and, where there is one, the entry.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { ImportError } from './types.ts';

export interface ZipEntry {
  /** Position in the central directory, 0-based. */
  index: number;
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  /** Uncompressed size, as the directory states it. */
  size: number;
  localHeaderOffset: number;
  isDirectory: boolean;
}

export interface ZipDirectory {
  file: string;
  /** Size of the archive in bytes. */
  bytes: number;
  isZip64: boolean;
  comment: string;
  entries: ZipEntry[];
}

const EOCD_SIG = 0x06054b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const CENTRAL_SIZE = 46;
const LOCAL_SIG = 0x04034b50;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;
// V8's longest string is ~2^29 characters; an entry bigger than this cannot be parsed as JSON.
export const DEFAULT_MAX_ENTRY_BYTES = 512 * 1024 * 1024;
// Read size for streamed entries: large enough that syscalls are not the cost.
const READ_CHUNK = 1 << 20;

function readAt(fd: number, file: string, position: number, length: number, what: string): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buf, got, length - got, position + got);
    if (n === 0) throw new ImportError(file, `ends inside ${what} (at byte ${position + got} of ${length} wanted from ${position}): the archive is truncated`);
    got += n;
  }
  return buf;
}

function u64(buf: Buffer, at: number, file: string, what: string): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ImportError(file, `${what} is ${v}, beyond what this reader handles`);
  return Number(v);
}

/**
 * Reads the central directory of the archive open on `fd`.
 *
 * @example
 * const fd = fs.openSync('companyfacts.zip', 'r');
 * const dir = readZipDirectory(fd, 'companyfacts.zip');
 * dir.entries.length; // 17,000-odd, e.g. { name: 'CIK0000320193.json', method: 8, size: 3_512_220, … }
 */
export function readZipDirectory(fd: number, file: string): ZipDirectory {
  const bytes = fs.fstatSync(fd).size;
  if (bytes < EOCD_SIZE) throw new ImportError(file, `is ${bytes} bytes long: too short to be a zip archive`);
  const tailLength = Math.min(bytes, EOCD_SIZE + MAX_COMMENT);
  const tailStart = bytes - tailLength;
  const tail = readAt(fd, file, tailStart, tailLength, 'the end record');

  // The last record signature whose comment length reaches exactly to the end of the file
  // (a comment may itself contain the signature bytes).
  let eocd = -1;
  for (let i = tailLength - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG && i + EOCD_SIZE + tail.readUInt16LE(i + 20) === tailLength) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) {
    const head = readAt(fd, file, 0, Math.min(4, bytes), 'the first bytes');
    const isZipStart = head.length === 4 && head.readUInt32LE(0) === LOCAL_SIG;
    throw new ImportError(
      file,
      isZipStart
        ? 'has no end-of-central-directory record: the archive is truncated (an interrupted download?)'
        : 'is not a zip archive (no end-of-central-directory record, and it does not start like one)',
    );
  }
  const eocdPos = tailStart + eocd;
  const diskNumber = tail.readUInt16LE(eocd + 4);
  const cdDisk = tail.readUInt16LE(eocd + 6);
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  const comment = tail.toString('latin1', eocd + EOCD_SIZE, tailLength);
  let cdEnd = eocdPos;
  let isZip64 = false;

  const locatorPos = eocdPos - ZIP64_LOCATOR_SIZE;
  if (locatorPos >= 0) {
    const locator = locatorPos >= tailStart ? tail.subarray(locatorPos - tailStart, eocd) : readAt(fd, file, locatorPos, ZIP64_LOCATOR_SIZE, 'the ZIP64 locator');
    if (locator.readUInt32LE(0) === ZIP64_LOCATOR_SIG) {
      isZip64 = true;
      const recordPos = u64(locator, 8, file, 'the ZIP64 end record offset');
      if (recordPos + 56 > locatorPos) throw new ImportError(file, `the ZIP64 locator points at byte ${recordPos}, past the end records: the archive is damaged`);
      const record = readAt(fd, file, recordPos, 56, 'the ZIP64 end record');
      if (record.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw new ImportError(file, `no ZIP64 end record at byte ${recordPos}, where its locator points: the archive is damaged`);
      if (record.readUInt32LE(16) !== 0 || record.readUInt32LE(20) !== 0) throw new ImportError(file, 'is a multi-disk (split) archive, which is not supported');
      count = u64(record, 32, file, 'the entry count');
      cdSize = u64(record, 40, file, 'the central directory size');
      cdOffset = u64(record, 48, file, 'the central directory offset');
      cdEnd = recordPos;
    }
  }
  if (!isZip64 && (diskNumber !== 0 || cdDisk !== 0)) throw new ImportError(file, 'is a multi-disk (split) archive, which is not supported');
  if (!isZip64 && (count === U16_MAX || cdSize === U32_MAX || cdOffset === U32_MAX)) {
    throw new ImportError(file, 'needs ZIP64 records (its counts are saturated) but has none: the archive is damaged');
  }
  if (cdOffset + cdSize > cdEnd) {
    throw new ImportError(file, `the central directory (${cdSize} bytes at ${cdOffset}) runs past its end records at byte ${cdEnd}: the archive is damaged or truncated`);
  }

  const cd = readAt(fd, file, cdOffset, cdSize, 'the central directory');
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let index = 0; index < count; index++) {
    if (at + CENTRAL_SIZE > cd.length || cd.readUInt32LE(at) !== CENTRAL_SIG) {
      throw new ImportError(file, `central directory record ${index + 1} of ${count} is missing or damaged (at byte ${cdOffset + at})`);
    }
    const flags = cd.readUInt16LE(at + 8);
    const method = cd.readUInt16LE(at + 10);
    const crc32 = cd.readUInt32LE(at + 16);
    let compressedSize = cd.readUInt32LE(at + 20);
    let size = cd.readUInt32LE(at + 24);
    const nameLength = cd.readUInt16LE(at + 28);
    const extraLength = cd.readUInt16LE(at + 30);
    const commentLength = cd.readUInt16LE(at + 32);
    let disk = cd.readUInt16LE(at + 34);
    let localHeaderOffset = cd.readUInt32LE(at + 42);
    const next = at + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (next > cd.length) throw new ImportError(file, `central directory record ${index + 1} of ${count} runs past the directory: the archive is damaged`);
    const nameBytes = cd.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength);
    // Bit 11: the name is UTF-8; otherwise CP437, which agrees with latin1 on ASCII names.
    const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');

    if (size === U32_MAX || compressedSize === U32_MAX || localHeaderOffset === U32_MAX || disk === U16_MAX) {
      // ZIP64 extra field: the saturated values, in this order, 8 bytes each (disk: 4).
      let e = at + CENTRAL_SIZE + nameLength;
      const extraEnd = e + extraLength;
      let found = false;
      while (e + 4 <= extraEnd) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let p = e + 4;
          const end = p + len;
          const take = (what: string): number => {
            if (p + 8 > end) throw new ImportError(file, `the ZIP64 field of entry ${name} is too short for its ${what}`, { entry: name });
            const v = u64(cd, p, file, `the ${what} of entry ${name}`);
            p += 8;
            return v;
          };
          if (size === U32_MAX) size = take('size');
          if (compressedSize === U32_MAX) compressedSize = take('compressed size');
          if (localHeaderOffset === U32_MAX) localHeaderOffset = take('offset');
          if (disk === U16_MAX && p + 4 <= end) disk = cd.readUInt32LE(p);
          found = true;
          break;
        }
        e += 4 + len;
      }
      if (!found) throw new ImportError(file, 'has saturated 32-bit sizes but no ZIP64 extra field: the archive is damaged', { entry: name });
    }
    if (disk !== 0) throw new ImportError(file, 'lies on another disk of a split archive, which is not supported', { entry: name });
    entries.push({ index, name, method, flags, crc32, compressedSize, size, localHeaderOffset, isDirectory: name.endsWith('/') });
    at = next;
  }
  return { file, bytes, isZip64, comment, entries };
}

/** Where the entry's compressed bytes start, after checking what can be checked up front. */
function dataStart(fd: number, dir: ZipDirectory, entry: ZipEntry, maxBytes: number): number {
  const { file } = dir;
  const where = { entry: entry.name };
  if (entry.flags & 0x1) throw new ImportError(file, 'is encrypted, which is not supported', where);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ImportError(file, `uses compression method ${entry.method}; only stored (0) and deflate (8) are supported`, where);
  }
  if (entry.size > maxBytes) {
    throw new ImportError(file, `inflates to ${entry.size} bytes, more than the ${maxBytes} this importer reads in one piece`, where);
  }
  if (entry.method === 0 && entry.compressedSize !== entry.size) {
    throw new ImportError(file, `is stored uncompressed but its sizes differ (${entry.compressedSize} stored, ${entry.size} declared): the archive is damaged`, where);
  }
  if (entry.localHeaderOffset + LOCAL_SIZE > dir.bytes) throw new ImportError(file, `its local header offset ${entry.localHeaderOffset} is past the end of the archive`, where);
  const local = readAt(fd, file, entry.localHeaderOffset, LOCAL_SIZE, `the local header of ${entry.name}`);
  if (local.readUInt32LE(0) !== LOCAL_SIG) {
    throw new ImportError(file, `has no local header at byte ${entry.localHeaderOffset}, where the central directory says it is: the archive is damaged`, where);
  }
  const start = entry.localHeaderOffset + LOCAL_SIZE + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (start + entry.compressedSize > dir.bytes) {
    throw new ImportError(file, `its data (${entry.compressedSize} bytes from byte ${start}) runs past the end of the archive: it is truncated`, where);
  }
  return start;
}

function checkWhole(dir: ZipDirectory, entry: ZipEntry, got: number, crc: number): void {
  const where = { entry: entry.name };
  if (got !== entry.size) throw new ImportError(dir.file, `inflates to ${got} bytes where the central directory says ${entry.size}: the archive is damaged`, where);
  if (crc >>> 0 !== entry.crc32 >>> 0) {
    throw new ImportError(dir.file, `fails its CRC-32 check (${hex(crc)} computed, ${hex(entry.crc32)} recorded): the archive is damaged`, where);
  }
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

function inflateFailure(dir: ZipDirectory, entry: ZipEntry, e: unknown): ImportError {
  if (e instanceof ImportError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const err = new ImportError(dir.file, `cannot be inflated: ${message} (the archive is damaged or truncated)`, { entry: entry.name });
  err.cause = e;
  return err;
}

/** One entry's bytes, read and inflated synchronously, with its size and CRC-32 checked. */
export function readZipEntrySync(fd: number, dir: ZipDirectory, entry: ZipEntry, opts: { maxBytes?: number } = {}): Buffer {
  const start = dataStart(fd, dir, entry, opts.maxBytes ?? DEFAULT_MAX_ENTRY_BYTES);
  const raw = readAt(fd, dir.file, start, entry.compressedSize, `the data of ${entry.name}`);
  let out: Buffer;
  if (entry.method === 0) {
    out = raw;
  } else {
    try {
      // maxOutputLength turns "inflates to more than declared" into an error instead of a
      // memory blow-up; it must be at least 1.
      out = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ImportError(dir.file, `inflates to more than the ${entry.size} bytes the central directory says: the archive is damaged`, { entry: entry.name });
      }
      throw inflateFailure(dir, entry, e);
    }
  }
  checkWhole(dir, entry, out.length, zlib.crc32(out));
  return out;
}

function readAsync(fd: number, buf: Buffer, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.read(fd, buf, 0, buf.length, position, (err, n) => (err ? reject(err) : resolve(n)));
  });
}

/**
 * `length` bytes from `start`, in READ_CHUNK pieces, by positioned reads on the shared
 * descriptor. Not `fs.createReadStream({ fd })`: destroying that stream (an abort, an
 * inflate error) closes the descriptor even with `autoClose: false`, under the feet of
 * the entries still to be read.
 */
async function* chunksAt(fd: number, file: string, start: number, length: number, entry: string): AsyncGenerator<Buffer> {
  const end = start + length;
  for (let pos = start; pos < end; ) {
    const buf = Buffer.allocUnsafe(Math.min(READ_CHUNK, end - pos));
    const n = await readAsync(fd, buf, pos);
    if (n === 0) throw new ImportError(file, `ends at byte ${pos}, inside this entry's data: the archive is truncated`, { entry });
    pos += n;
    yield n === buf.length ? buf : buf.subarray(0, n);
  }
}

/**
 * One entry's bytes, streamed from the archive through `createInflateRaw` (1 MiB reads)
 * into a buffer of the declared size, with its size and CRC-32 checked. `signal` aborts
 * the read (the promise rejects with an AbortError).
 */
export async function readZipEntry(
  fd: number,
  dir: ZipDirectory,
  entry: ZipEntry,
  opts: { maxBytes?: number; signal?: AbortSignal | undefined } = {},
): Promise<Buffer> {
  const start = dataStart(fd, dir, entry, opts.maxBytes ?? DEFAULT_MAX_ENTRY_BYTES);
  const out = Buffer.allocUnsafe(entry.size);
  let got = 0;
  let crc = 0;
  if (entry.compressedSize > 0) {
    const source = chunksAt(fd, dir.file, start, entry.compressedSize, entry.name);
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (got + chunk.length > entry.size) {
          done(new ImportError(dir.file, `inflates to more than the ${entry.size} bytes the central directory says: the archive is damaged`, { entry: entry.name }));
          return;
        }
        chunk.copy(out, got);
        got += chunk.length;
        crc = zlib.crc32(chunk, crc);
        done();
      },
    });
    try {
      if (entry.method === 0) await pipeline(source, sink, { signal: opts.signal });
      else await pipeline(source, zlib.createInflateRaw({ chunkSize: 256 * 1024 }), sink, { signal: opts.signal });
    } catch (e) {
      if ((e as { name?: unknown }).name === 'AbortError') throw e;
      throw inflateFailure(dir, entry, e);
    }
  } else if (entry.method === 8) {
    throw new ImportError(dir.file, 'is deflated but has no compressed bytes: the archive is damaged', { entry: entry.name });
  }
  checkWhole(dir, entry, got, crc);
  return out;
}

/**
 * Opens an archive and reads its directory; `close()` releases the file. The descriptor
 * stays open for the whole read, so an archive replaced on disk meanwhile (a nightly
 * re-download) is still read as the one whose directory was read.
 */
export function openZip(file: string): { fd: number; dir: ZipDirectory; close: () => void } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw new ImportError(file, `cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const dir = readZipDirectory(fd, file);
    return { fd, dir, close: () => fs.closeSync(fd) };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}
