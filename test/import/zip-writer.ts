/**
 * A minimal ZIP writer for the importer tests: writes entries one at a time straight to
 * the file (so a 200 MB archive is never held in memory), with stored (0) or deflated (8)
 * data, optional ZIP64 records, optional data descriptors (what streaming writers emit),
 * and the byte offsets of every entry so a test can damage one precisely.
 *
 * The CRC-32 here is a plain table implementation, deliberately not `zlib.crc32` (which
 * the reader under test uses): a shared mistake would otherwise go unnoticed.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as zip uses). `crc32(Buffer.from('123456789')) === 0xcbf43926`. */
export function crc32(data: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = (TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

export interface ZipInput {
  name: string;
  data: Buffer;
  /** 8 (deflate, the default) or 0 (stored). */
  method?: 0 | 8;
  /** Deflate level, default 6. */
  level?: number;
}

export interface WrittenEntry {
  name: string;
  localHeaderOffset: number;
  dataOffset: number;
  compressedSize: number;
  size: number;
  crc32: number;
}

export interface ZipWriterOptions {
  /** Write ZIP64 end records and ZIP64 extra fields (sizes and offsets saturated) even when not needed. */
  zip64?: boolean;
  /** Set flag bit 3: zero sizes and CRC in the local header, a data descriptor after the data. */
  dataDescriptor?: boolean;
  comment?: string;
}

// 2026-11-20 00:00 in MS-DOS format: a fixed time keeps archives byte-identical across runs.
const DOS_DATE = ((2026 - 1980) << 9) | (11 << 5) | 20;
const DOS_TIME = 0;
const U32 = 0xffffffff;

export class ZipWriter {
  readonly entries: WrittenEntry[] = [];
  private readonly fd: number;
  private readonly opts: ZipWriterOptions;
  private readonly central: Buffer[] = [];
  private at = 0;

  constructor(file: string, opts: ZipWriterOptions = {}) {
    this.fd = fs.openSync(file, 'w');
    this.opts = opts;
  }

  private write(buf: Buffer): void {
    let done = 0;
    while (done < buf.length) done += fs.writeSync(this.fd, buf, done, buf.length - done, this.at + done);
    this.at += buf.length;
  }

  add(input: ZipInput): WrittenEntry {
    const method = input.method ?? 8;
    const name = Buffer.from(input.name, 'utf8');
    const body = method === 8 ? zlib.deflateRawSync(input.data, { level: input.level ?? 6 }) : input.data;
    const crc = crc32(input.data);
    const zip64 = this.opts.zip64 === true;
    const dd = this.opts.dataDescriptor === true;
    const flags = 0x800 | (dd ? 0x8 : 0);
    const version = zip64 ? 45 : 20;
    const offset = this.at;

    const localExtra = zip64 ? Buffer.alloc(20) : Buffer.alloc(0);
    if (zip64) {
      localExtra.writeUInt16LE(0x0001, 0);
      localExtra.writeUInt16LE(16, 2);
      localExtra.writeBigUInt64LE(dd ? 0n : BigInt(input.data.length), 4);
      localExtra.writeBigUInt64LE(dd ? 0n : BigInt(body.length), 12);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(version, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(dd ? 0 : crc, 14);
    local.writeUInt32LE(zip64 ? U32 : dd ? 0 : body.length, 18);
    local.writeUInt32LE(zip64 ? U32 : dd ? 0 : input.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(localExtra.length, 28);
    this.write(Buffer.concat([local, name, localExtra]));
    const dataOffset = this.at;
    this.write(body);
    if (dd) {
      const desc = Buffer.alloc(zip64 ? 24 : 16);
      desc.writeUInt32LE(0x08074b50, 0);
      desc.writeUInt32LE(crc, 4);
      if (zip64) {
        desc.writeBigUInt64LE(BigInt(body.length), 8);
        desc.writeBigUInt64LE(BigInt(input.data.length), 16);
      } else {
        desc.writeUInt32LE(body.length, 8);
        desc.writeUInt32LE(input.data.length, 12);
      }
      this.write(desc);
    }

    const centralExtra = zip64 ? Buffer.alloc(28) : Buffer.alloc(0);
    if (zip64) {
      centralExtra.writeUInt16LE(0x0001, 0);
      centralExtra.writeUInt16LE(24, 2);
      centralExtra.writeBigUInt64LE(BigInt(input.data.length), 4);
      centralExtra.writeBigUInt64LE(BigInt(body.length), 12);
      centralExtra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(version, 4);
    c.writeUInt16LE(version, 6);
    c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(method, 10);
    c.writeUInt16LE(DOS_TIME, 12);
    c.writeUInt16LE(DOS_DATE, 14);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(zip64 ? U32 : body.length, 20);
    c.writeUInt32LE(zip64 ? U32 : input.data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt16LE(centralExtra.length, 30);
    c.writeUInt16LE(0, 32); // comment length
    c.writeUInt16LE(0, 34); // disk
    c.writeUInt16LE(0, 36); // internal attributes
    c.writeUInt32LE(0, 38); // external attributes
    c.writeUInt32LE(zip64 ? U32 : offset, 42);
    this.central.push(Buffer.concat([c, name, centralExtra]));
    const written = { name: input.name, localHeaderOffset: offset, dataOffset, compressedSize: body.length, size: input.data.length, crc32: crc };
    this.entries.push(written);
    return written;
  }

  /** Writes the central directory and end records; returns the archive's size. */
  close(): number {
    const cdOffset = this.at;
    for (const c of this.central) this.write(c);
    const cdSize = this.at - cdOffset;
    const count = this.central.length;
    const zip64 = this.opts.zip64 === true;
    if (zip64) {
      const recordOffset = this.at;
      const r = Buffer.alloc(56);
      r.writeUInt32LE(0x06064b50, 0);
      r.writeBigUInt64LE(44n, 4); // size of the rest of the record
      r.writeUInt16LE(45, 12);
      r.writeUInt16LE(45, 14);
      r.writeUInt32LE(0, 16);
      r.writeUInt32LE(0, 20);
      r.writeBigUInt64LE(BigInt(count), 24);
      r.writeBigUInt64LE(BigInt(count), 32);
      r.writeBigUInt64LE(BigInt(cdSize), 40);
      r.writeBigUInt64LE(BigInt(cdOffset), 48);
      const loc = Buffer.alloc(20);
      loc.writeUInt32LE(0x07064b50, 0);
      loc.writeUInt32LE(0, 4);
      loc.writeBigUInt64LE(BigInt(recordOffset), 8);
      loc.writeUInt32LE(1, 16);
      this.write(Buffer.concat([r, loc]));
    }
    const comment = Buffer.from(this.opts.comment ?? '', 'latin1');
    const e = Buffer.alloc(22);
    e.writeUInt32LE(0x06054b50, 0);
    e.writeUInt16LE(0, 4);
    e.writeUInt16LE(0, 6);
    e.writeUInt16LE(zip64 ? 0xffff : count, 8);
    e.writeUInt16LE(zip64 ? 0xffff : count, 10);
    e.writeUInt32LE(zip64 ? U32 : cdSize, 12);
    e.writeUInt32LE(zip64 ? U32 : cdOffset, 16);
    e.writeUInt16LE(comment.length, 20);
    this.write(Buffer.concat([e, comment]));
    fs.closeSync(this.fd);
    return this.at;
  }
}

/** Writes `entries` to `file` and returns what was written where. */
export function writeZip(file: string, entries: Iterable<ZipInput>, opts: ZipWriterOptions = {}): { bytes: number; entries: WrittenEntry[] } {
  const w = new ZipWriter(file, opts);
  for (const e of entries) w.add(e);
  const bytes = w.close();
  return { bytes, entries: w.entries };
}
