import { Writable } from 'node:stream';

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** A pino destination that keeps every line, raw and parsed, so tests can assert on log lines. */
export class LogCapture extends Writable {
  readonly raw: string[] = [];
  readonly lines: LogLine[] = [];
  readonly #waiters: { pred: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];

  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const text of chunk.toString('utf8').split('\n')) {
      if (text === '') continue;
      this.raw.push(text);
      const line = JSON.parse(text) as LogLine;
      this.lines.push(line);
      for (const waiter of [...this.#waiters]) {
        if (waiter.pred(line)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
    done();
  }

  find(pred: (l: LogLine) => boolean): LogLine[] {
    return this.lines.filter(pred);
  }

  /** Resolves when a matching line has been written (now or later). */
  waitFor(pred: (l: LogLine) => boolean, timeoutMs = 10_000): Promise<LogLine> {
    const seen = this.lines.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('log line did not appear')), timeoutMs);
      this.#waiters.push({
        pred,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  }
}
