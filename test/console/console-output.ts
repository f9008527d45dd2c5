import { Writable } from 'node:stream';

/** A Writable that keeps everything written, so tests can wait for text instead of sleeping. */
export class ConsoleOutput extends Writable {
  #text = '';
  readonly #waiters: { match: (text: string) => boolean; resolve: () => void }[] = [];

  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.#text += chunk.toString('utf8');
    for (const waiter of [...this.#waiters]) {
      if (waiter.match(this.#text)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    done();
  }

  get text(): string {
    return this.#text;
  }

  /** Resolves once the output holds `expected` `times` times in all (now or later). */
  waitFor(expected: string, times = 1, timeoutMs = 10_000): Promise<void> {
    const match = (text: string) => text.split(expected).length - 1 >= times;
    if (match(this.#text)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`output never showed ${JSON.stringify(expected)} x${times}:\n${this.#text}`)),
        timeoutMs,
      );
      this.#waiters.push({
        match,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}
