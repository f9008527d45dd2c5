import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditWriteError } from '../../src/audit/audit-write-error.js';
import { type AuditFileHandle, JsonlAuditFile } from '../../src/audit/jsonl-audit-file.js';
import type { AuditRecord } from '../../src/core/audit/audit-record.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const record = (correlationId: string, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  event: 'executed',
  at: '2025-01-02T03:04:05.000Z',
  correlationId,
  userId: 'U0ALICE',
  channelId: 'C0INCIDENT',
  action: 'transfer_leader',
  params: { region_id: 42, to_store_id: 4 },
  cluster: 'http://pd-0:2379',
  pd: {
    method: 'POST',
    path: '/pd/api/v1/operators',
    body: { name: 'transfer-leader', region_id: 42, to_store_id: 4 },
    status: 200,
    rawBody: '"The operator is created."\n',
  },
  durationMs: 12,
  ...extra,
});

const lines = async (path: string) => (await readFile(path, 'utf8')).split('\n');

describe('JsonlAuditFile', () => {
  it('appends one JSON line per record, after what the file already holds', async () => {
    const path = join(dir, 'one-line.jsonl');
    const first = await JsonlAuditFile.open(path);
    await first.record(record('a'));
    await first.close();
    const second = await JsonlAuditFile.open(path);
    await second.record(record('b', { reason: 'multi\nline' }));
    await second.close();
    const text = await lines(path);
    expect(text).toHaveLength(3);
    expect(text[2]).toBe('');
    expect(text.slice(0, 2).map((l) => JSON.parse(l))).toEqual([
      record('a'),
      record('b', { reason: 'multi\nline' }),
    ]);
  });

  it('never interleaves concurrent records', async () => {
    const path = join(dir, 'concurrent.jsonl');
    const file = await JsonlAuditFile.open(path);
    const big = 'x'.repeat(100_000);
    const ids = Array.from({ length: 200 }, (_, i) => `c${i}`);
    await Promise.all(ids.map((id, i) => file.record(record(id, i % 10 === 0 ? { reason: big } : {}))));
    await file.close();
    const text = (await lines(path)).filter((l) => l !== '');
    const parsed = text.map((l) => JSON.parse(l) as AuditRecord);
    expect(parsed.map((r) => r.correlationId).sort()).toEqual([...ids].sort());
  });

  it('fails to open a path in a directory that does not exist', async () => {
    const path = join(dir, 'missing', 'audit.jsonl');
    const error = await JsonlAuditFile.open(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditWriteError);
    expect(error).toMatchObject({ code: 'AUDIT_WRITE_FAILED', path });
    expect((error as Error).message).toMatch(/^cannot open the audit file .*: ENOENT/);
  });

  it('fails to open a directory', async () => {
    const path = join(dir, 'a-directory');
    await mkdir(path);
    await expect(JsonlAuditFile.open(path)).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED', path });
  });

  it('rejects a write that fails, naming the record', async () => {
    // /dev/full accepts open() and fails every write with ENOSPC.
    const file = await JsonlAuditFile.open('/dev/full');
    const error = await file.record(record('full')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditWriteError);
    expect(error).toMatchObject({ code: 'AUDIT_WRITE_FAILED', event: 'executed', correlationId: 'full' });
    expect((error as Error).message).toMatch(
      /^could not write the executed audit record full to \/dev\/full: write failed: ENOSPC/,
    );
    await file.close();
  });

  it('refuses records after close', async () => {
    const file = await JsonlAuditFile.open(join(dir, 'closed.jsonl'));
    await file.close();
    await expect(file.record(record('late'))).rejects.toBeInstanceOf(AuditWriteError);
  });

  it('has the line on disk when record() resolves, even if the process is killed right after', async () => {
    const path = join(dir, 'durable.jsonl');
    const fixture = new URL('./fixtures/record-then-die.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, path, 'durable-1'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, s) => resolve(s)),
    );
    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');
    const [line, rest] = await lines(path);
    expect(rest).toBe('');
    expect(JSON.parse(line ?? '')).toMatchObject({ event: 'executed', correlationId: 'durable-1' });
  });
});

/** An in-memory file whose writes and fsyncs fail on demand. */
class FakeHandle implements AuditFileHandle {
  data = '';
  syncs = 0;
  /** Bytes the next write accepts before failing; undefined: no failure. */
  failWriteAfter: number | undefined;
  failSync = false;

  async write(buffer: Buffer, offset: number, length: number): Promise<{ bytesWritten: number }> {
    await Promise.resolve();
    if (this.failWriteAfter !== undefined) {
      const partial = Math.min(this.failWriteAfter, length);
      this.data += buffer.subarray(offset, offset + partial).toString();
      this.failWriteAfter = undefined;
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    }
    // Short writes happen; the file must finish the line itself.
    const accepted = Math.min(length, 7);
    this.data += buffer.subarray(offset, offset + accepted).toString();
    return { bytesWritten: accepted };
  }

  async sync(): Promise<void> {
    this.syncs += 1;
    if (this.failSync) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
  }

  async close(): Promise<void> {}
}

describe('JsonlAuditFile with a failing disk', () => {
  it('writes records that arrive together in one batch, with one fsync', async () => {
    const handle = new FakeHandle();
    const file = new JsonlAuditFile('fake.jsonl', handle);
    await Promise.all([file.record(record('a')), file.record(record('b')), file.record(record('c'))]);
    expect(handle.syncs).toBe(1);
    expect(
      handle.data
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as AuditRecord).correlationId),
    ).toEqual(['a', 'b', 'c']);
  });

  it('starts a fresh line after a write that failed half-way', async () => {
    const handle = new FakeHandle();
    const file = new JsonlAuditFile('fake.jsonl', handle);
    handle.failWriteAfter = 10;
    await expect(file.record(record('torn'))).rejects.toMatchObject({
      code: 'AUDIT_WRITE_FAILED',
      correlationId: 'torn',
    });
    await file.record(record('next'));
    const [torn, next] = handle.data.split('\n');
    expect(torn).toHaveLength(10);
    expect(JSON.parse(next ?? '')).toMatchObject({ correlationId: 'next' });
  });

  it('fails every record after an fsync failure, since the kernel may have dropped the data', async () => {
    const handle = new FakeHandle();
    const file = new JsonlAuditFile('fake.jsonl', handle);
    handle.failSync = true;
    await expect(file.record(record('a'))).rejects.toThrow(/fsync failed: EIO/);
    handle.failSync = false;
    await expect(file.record(record('b'))).rejects.toThrow(
      /an earlier fsync of the audit file failed; restart the bot/,
    );
  });
});
