import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openZip, readZipEntry, readZipEntrySync } from '../../main/core/import/zip.ts';
import { HAS_REAL, REAL, REPO_ROOT, SKIP_REAL_REASON, fixture, importErrorOf, tempDir } from './helpers.ts';
import { crc32, writeZip, type ZipInput } from './zip-writer.ts';

const ZIP_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'zip');
const SNOW_BYTES = () => fs.readFileSync(fixture('CIK0001640147_SNOW_trimmed.json'));
const LPA_BYTES = () => fs.readFileSync(fixture('CIK0001997711_LPA_trimmed.json'));

function readAllSync(file: string): Map<string, Buffer> {
  const z = openZip(file);
  try {
    return new Map(z.dir.entries.map((e) => [e.name, readZipEntrySync(z.fd, z.dir, e)]));
  } finally {
    z.close();
  }
}

async function readAllStreamed(file: string): Promise<Map<string, Buffer>> {
  const z = openZip(file);
  try {
    const out = new Map<string, Buffer>();
    for (const e of z.dir.entries) out.set(e.name, await readZipEntry(z.fd, z.dir, e));
    return out;
  } finally {
    z.close();
  }
}

function twoEntries(): ZipInput[] {
  return [
    { name: 'CIK0001640147.json', data: SNOW_BYTES(), method: 8 },
    { name: 'CIK0001997711.json', data: LPA_BYTES(), method: 0 },
  ];
}

/** Writes an archive of `entries` to a temp file and returns its path and layout. */
function archive(entries: ZipInput[], opts: Parameters<typeof writeZip>[2] = {}) {
  const file = path.join(tempDir('zip'), 'test.zip');
  return { file, ...writeZip(file, entries, opts) };
}

function patch(file: string, at: number, bytes: number[]): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.from(bytes), 0, bytes.length, at);
  fs.closeSync(fd);
}

describe('the test zip writer', () => {
  it('computes the standard CRC-32 check value and agrees with zlib', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const snow = SNOW_BYTES();
    expect(crc32(snow)).toBe(zlib.crc32(snow));
  });
});

describe('readZipDirectory and entries on archives written by other tools', () => {
  it('reads Info-ZIP archives, plain and streamed with data descriptors, byte for byte', async () => {
    for (const name of ['companyfacts_infozip.zip', 'companyfacts_infozip_stream.zip']) {
      const file = path.join(ZIP_FIXTURES, name);
      const z = openZip(file);
      expect(z.dir.entries.map((e) => [e.name, e.method, e.size, (e.flags & 0x8) !== 0])).toEqual([
        ['CIK0001640147.json', 8, 16344, name.includes('stream')],
        ['CIK0001997711.json', 8, 15267, name.includes('stream')],
      ]);
      z.close();
      const sync = readAllSync(file);
      expect(sync.get('CIK0001640147.json')?.equals(SNOW_BYTES())).toBe(true);
      expect(sync.get('CIK0001997711.json')?.equals(LPA_BYTES())).toBe(true);
      expect(await readAllStreamed(file)).toEqual(sync);
    }
  });

  it('reads a Python zipfile stream with ZIP64 local fields, a stored entry and a README', async () => {
    const file = path.join(ZIP_FIXTURES, 'companyfacts_python_stream_zip64.zip');
    const entries = await readAllStreamed(file);
    expect([...entries.keys()]).toEqual(['CIK0001640147.json', 'CIK0001997711.json', 'README.txt']);
    expect(entries.get('README.txt')?.toString()).toBe('Synthetic fixture: two trimmed SEC company-facts files.\n');
    expect(entries.get('CIK0001997711.json')?.equals(LPA_BYTES())).toBe(true);
  });

  it.skipIf(!HAS_REAL)(`reads SEC's real 2009q3 Financial Statement Data Set zip, every entry checked by CRC (${HAS_REAL ? 'real file' : SKIP_REAL_REASON})`, async () => {
    const file = path.join(REAL, 'sec', 'fsds', '2009q3.zip');
    const entries = await readAllStreamed(file);
    expect([...entries].map(([n, b]) => [n, b.length])).toEqual([
      ['sub.txt', 123_629],
      ['pre.txt', 5_727_736],
      ['num.txt', 13_949_172],
      ['tag.txt', 2_535_895],
      ['readme.htm', 154_786],
    ]);
    // 435 filings and a header line, as PROVENANCE.md counts them.
    const sub = (entries.get('sub.txt') as Buffer).toString('utf8').trimEnd().split('\n');
    expect([sub.length, sub[0]?.split('\t').slice(0, 3)]).toEqual([436, ['adsh', 'cik', 'name']]);
  });
});

describe('the reader on archives from the test writer', () => {
  it('reads stored and deflated entries, with ZIP64 records, data descriptors and a comment holding the end signature', async () => {
    for (const opts of [{}, { zip64: true }, { dataDescriptor: true }, { zip64: true, dataDescriptor: true }, { comment: 'PK\x05\x06 not the end record' }]) {
      const { file } = archive(twoEntries(), opts);
      const z = openZip(file);
      expect([z.dir.isZip64, z.dir.entries.length, z.dir.comment]).toEqual([opts.zip64 === true, 2, (opts as { comment?: string }).comment ?? '']);
      z.close();
      const entries = await readAllStreamed(file);
      expect(entries.get('CIK0001640147.json')?.equals(SNOW_BYTES())).toBe(true);
      expect(entries.get('CIK0001997711.json')?.equals(LPA_BYTES())).toBe(true);
      expect(readAllSync(file)).toEqual(entries);
    }
  });

  it('reads an empty stored entry and skips nothing', async () => {
    const { file } = archive([{ name: 'empty.json', data: Buffer.alloc(0), method: 0 }, { name: 'dir/', data: Buffer.alloc(0), method: 0 }]);
    const z = openZip(file);
    expect(z.dir.entries.map((e) => [e.name, e.size, e.isDirectory])).toEqual([
      ['empty.json', 0, false],
      ['dir/', 0, true],
    ]);
    expect((await readZipEntry(z.fd, z.dir, z.dir.entries[0]!)).length).toBe(0);
    z.close();
  });
});

describe('the reader on damaged archives names the archive and the entry', () => {
  it('refuses a truncated download: no end record', () => {
    const { file, bytes } = archive(twoEntries());
    fs.truncateSync(file, bytes - 10);
    expect(importErrorOf(() => openZip(file)).reason).toBe('has no end-of-central-directory record: the archive is truncated (an interrupted download?)');
  });

  it('refuses an HTML page saved as .zip, and an empty file', () => {
    const dir = tempDir('zip');
    const html = path.join(dir, 'companyfacts.zip');
    fs.writeFileSync(html, '<!DOCTYPE html><html><body>Request Rate Threshold Exceeded</body></html>');
    expect(importErrorOf(() => openZip(html)).message).toBe(`${html}: is not a zip archive (no end-of-central-directory record, and it does not start like one)`);
    const empty = path.join(dir, 'empty.zip');
    fs.writeFileSync(empty, '');
    expect(importErrorOf(() => openZip(empty)).reason).toBe('is 0 bytes long: too short to be a zip archive');
  });

  it('catches a flipped byte in an entry by its CRC-32 (stored) or its inflater (deflated), streamed and not', async () => {
    const { file, entries } = archive(twoEntries());
    const lpa = entries[1]!;
    patch(file, lpa.dataOffset + 100, [fs.readFileSync(file)[lpa.dataOffset + 100]! ^ 0xff]);
    const z = openZip(file);
    const sync = importErrorOf(() => readZipEntrySync(z.fd, z.dir, z.dir.entries[1]!));
    expect([sync.file, sync.entry]).toEqual([file, 'CIK0001997711.json']);
    expect(sync.reason).toMatch(/^fails its CRC-32 check \(0x[0-9a-f]{8} computed, 0x[0-9a-f]{8} recorded\): the archive is damaged$/);
    const streamed = await readZipEntry(z.fd, z.dir, z.dir.entries[1]!).catch((e: unknown) => e);
    expect(streamed).toMatchObject({ entry: 'CIK0001997711.json', reason: sync.reason });
    z.close();

    const deflated = archive(twoEntries());
    const snow = deflated.entries[0]!;
    // Rewrite the first bytes of the deflate stream as an invalid block type (binary 11).
    patch(deflated.file, snow.dataOffset, [0x07, 0xff, 0xff]);
    const z2 = openZip(deflated.file);
    const e = await readZipEntry(z2.fd, z2.dir, z2.dir.entries[0]!).catch((err: unknown) => err);
    expect(e).toMatchObject({ entry: 'CIK0001640147.json' });
    expect((e as Error).message).toMatch(/^.*test\.zip, entry CIK0001640147\.json: cannot be inflated: invalid block type \(the archive is damaged or truncated\)$/);
    z2.close();
  });

  it('refuses an entry whose local header is not where the directory says', () => {
    const { file, entries } = archive(twoEntries());
    patch(file, entries[1]!.localHeaderOffset, [0, 0, 0, 0]);
    const z = openZip(file);
    const e = importErrorOf(() => readZipEntrySync(z.fd, z.dir, z.dir.entries[1]!));
    expect(e.message).toBe(`${file}, entry CIK0001997711.json: has no local header at byte ${entries[1]!.localHeaderOffset}, where the central directory says it is: the archive is damaged`);
    z.close();
  });

  it('refuses encryption and methods other than stored and deflate', () => {
    const { file, bytes } = archive([{ name: 'a.json', data: Buffer.from('{}'), method: 0 }]);
    const central = bytes - 22 - (46 + 'a.json'.length);
    patch(file, central + 10, [12, 0]); // method 12 = bzip2
    let z = openZip(file);
    expect(importErrorOf(() => readZipEntrySync(z.fd, z.dir, z.dir.entries[0]!)).reason).toBe('uses compression method 12; only stored (0) and deflate (8) are supported');
    z.close();
    patch(file, central + 8, [0x01, 0x08]); // flag bit 0 = encrypted
    z = openZip(file);
    expect(importErrorOf(() => readZipEntrySync(z.fd, z.dir, z.dir.entries[0]!)).reason).toBe('is encrypted, which is not supported');
    z.close();
  });

  it('refuses an entry larger than the limit before reading it, and one that inflates past its declared size', async () => {
    const { file, bytes } = archive([{ name: 'a.json', data: Buffer.from('{"x":"' + 'y'.repeat(1000) + '"}'), method: 8 }]);
    let z = openZip(file);
    expect(importErrorOf(() => readZipEntrySync(z.fd, z.dir, z.dir.entries[0]!, { maxBytes: 100 })).reason).toBe(
      'inflates to 1008 bytes, more than the 100 this importer reads in one piece',
    );
    z.close();
    // Understate the size in the central directory: 1008 → 500.
    const central = bytes - 22 - (46 + 'a.json'.length);
    patch(file, central + 24, [0xf4, 0x01, 0, 0]);
    z = openZip(file);
    const message = 'inflates to more than the 500 bytes the central directory says: the archive is damaged';
    expect(importErrorOf(() => readZipEntrySync(z.fd, z.dir, z.dir.entries[0]!)).reason).toBe(message);
    expect(await readZipEntry(z.fd, z.dir, z.dir.entries[0]!).catch((e: unknown) => e)).toMatchObject({ reason: message, entry: 'a.json' });
    z.close();
  });

  it('stops a streamed read when its signal aborts, and the archive stays readable', async () => {
    const { file } = archive(twoEntries());
    const z = openZip(file);
    const e = await readZipEntry(z.fd, z.dir, z.dir.entries[0]!, { signal: AbortSignal.abort() }).catch((err: unknown) => err);
    expect((e as Error).name).toBe('AbortError');
    // A destroyed fs.ReadStream would have closed the shared descriptor here.
    expect((await readZipEntry(z.fd, z.dir, z.dir.entries[1]!)).equals(LPA_BYTES())).toBe(true);
    expect(() => z.close()).not.toThrow();
  });
});
