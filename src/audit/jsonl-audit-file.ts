import { open } from 'node:fs/promises';
import type { AuditRecord } from '../core/audit/audit-record.js';
import type { AuditSink } from '../core/audit/audit-sink.js';
import { AuditWriteError, causeText } from './audit-write-error.js';

/** The part of fs/promises' FileHandle the audit file uses; tests inject failing ones. */
export interface AuditFileHandle {
  write(buffer: Buffer, offset: number, length: number, position: null): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

interface Waiter {
  readonly text: string;
  readonly record: AuditRecord;
  readonly resolve: () => void;
  readonly reject: (error: AuditWriteError) => void;
}

/**
 * Append-only JSON-lines audit file (AUDIT_FILE). `record` resolves only after the line is written
 * and fsync'd. Records arriving while a write is in progress are batched into the next single
 * write + fsync (group commit), so lines never interleave and a burst costs one fsync per batch.
 */
export class JsonlAuditFile implements AuditSink {
  readonly #queue: Waiter[] = [];
  #flushing: Promise<void> | undefined;
  #closed = false;
  // A write that failed part-way may have left half a line; the next write starts a fresh one.
  #maybeTorn = false;
  // After a failed fsync the kernel may have dropped dirty pages and a later fsync can still report
  // success, so nothing written afterwards could be trusted: the file stays failed until restart.
  #fsyncFailure: { readonly cause: unknown } | undefined;

  readonly #fd: AuditFileHandle;

  /** Takes over a handle opened for appending; `open` is the usual way in. */
  constructor(
    readonly path: string,
    fd: AuditFileHandle,
  ) {
    this.#fd = fd;
  }

  /** Opens (creating if needed) for appending; fails at start rather than at the first record. */
  static async open(path: string): Promise<JsonlAuditFile> {
    try {
      return new JsonlAuditFile(path, await open(path, 'a', 0o640));
    } catch (cause) {
      throw new AuditWriteError(`cannot open the audit file ${path}: ${causeText(cause)}`, { cause, path });
    }
  }

  record(record: AuditRecord): Promise<void> {
    if (this.#closed) {
      return Promise.reject(this.#error('the audit file is closed', record, undefined));
    }
    let text: string;
    try {
      text = `${JSON.stringify(record)}\n`;
    } catch (cause) {
      return Promise.reject(this.#error('the record cannot be serialised', record, cause));
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ text, record, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  /** Waits for queued records, then closes the file. Later records are refused. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#flushing;
    await this.#fd.close();
  }

  async #flush(): Promise<void> {
    try {
      // Let every record of the current tick join the first batch.
      await Promise.resolve();
      for (let batch = this.#queue.splice(0); batch.length > 0; batch = this.#queue.splice(0)) {
        const failure = await this.#writeBatch(batch.map((w) => w.text).join(''));
        for (const waiter of batch) {
          if (failure === undefined) waiter.resolve();
          else waiter.reject(this.#error(failure.what, waiter.record, failure.cause));
        }
      }
    } finally {
      this.#flushing = undefined;
    }
  }

  async #writeBatch(text: string): Promise<{ what: string; cause: unknown } | undefined> {
    if (this.#fsyncFailure !== undefined) {
      return {
        what: 'an earlier fsync of the audit file failed; restart the bot',
        cause: this.#fsyncFailure.cause,
      };
    }
    const bytes = Buffer.from(this.#maybeTorn ? `\n${text}` : text);
    try {
      this.#maybeTorn = true;
      // O_APPEND: each write lands at the current end of file, even with another writer.
      for (let offset = 0; offset < bytes.length; ) {
        const { bytesWritten } = await this.#fd.write(bytes, offset, bytes.length - offset, null);
        if (bytesWritten <= 0) throw new Error('the file accepted no bytes');
        offset += bytesWritten;
      }
      this.#maybeTorn = false;
    } catch (cause) {
      return { what: 'write failed', cause };
    }
    try {
      await this.#fd.sync();
    } catch (cause) {
      this.#fsyncFailure = { cause };
      return { what: 'fsync failed', cause };
    }
    return undefined;
  }

  #error(what: string, record: AuditRecord, cause: unknown): AuditWriteError {
    const message = `could not write the ${record.event} audit record ${record.correlationId} to ${this.path}: ${what}`;
    return new AuditWriteError(cause === undefined ? message : `${message}: ${causeText(cause)}`, {
      cause,
      path: this.path,
      record,
    });
  }
}
