import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** Prompted line input: the console's one way of reading what the user types. */
export interface LineReader {
  /**
   * Shows the prompt and resolves with the next line, or undefined on Ctrl-D (or Ctrl-C) and at the
   * end of input. After Ctrl-D on a terminal the next read() works again, unless `ended`.
   */
  read(prompt: string): Promise<string | undefined>;
  /** Input is over for good (end of a pipe or file): no read() will return a line again. */
  readonly ended: boolean;
  /**
   * Prints a line that arrived on its own (a follow-up's progress) without taking the prompt away:
   * above a prompt that is waiting, which is then shown again with what was typed so far.
   */
  interject(line: string): void;
  close(): void;
}

export interface LineReaderOptions {
  /** Line editing and history; only for a real terminal on both ends. */
  readonly terminal: boolean;
  /**
   * Write each line back after its prompt. A terminal echoes what is typed; piped input does not,
   * and a transcript without the commands is unreadable.
   */
  readonly echo: boolean;
}

interface Session {
  readonly rl: Interface;
  readonly lines: AsyncIterator<string>;
  closed: boolean;
}

/**
 * One async iterator over readline's lines serves every read, so lines that arrive together (a
 * pasted block, a pipe) wait their turn instead of being lost between a command and its prompts.
 */
export function createLineReader(input: Readable, output: Writable, options: LineReaderOptions): LineReader {
  let history: string[] = [];
  let ended = false;
  let current: Session | undefined;
  /** The prompt shown and not yet answered. */
  let waiting: string | undefined;

  const open = (): Session => {
    const rl = createInterface({
      input,
      output,
      terminal: options.terminal,
      crlfDelay: Number.POSITIVE_INFINITY,
      history,
    });
    const session: Session = { rl, lines: rl[Symbol.asyncIterator](), closed: false };
    rl.on('history', (lines: string[]) => {
      history = lines;
    });
    rl.once('close', () => {
      session.closed = true;
    });
    return session;
  };

  return {
    get ended() {
      return ended;
    },
    async read(prompt) {
      if (ended) return undefined;
      current ??= open();
      const session = current;
      // Piped input is often fully read (and readline closed) while its lines still wait here.
      if (session.closed) output.write(prompt);
      else {
        session.rl.setPrompt(prompt);
        session.rl.prompt();
      }
      waiting = prompt;
      const next = await session.lines.next().finally(() => {
        waiting = undefined;
      });
      if (!next.done) {
        if (options.echo) output.write(`${next.value}\n`);
        return next.value;
      }
      // Readline closes on Ctrl-D or Ctrl-C at a terminal, which stays open: the next read reopens
      // it. A pipe or file that ended has no more lines to give.
      current = undefined;
      ended = !(options.terminal && !input.readableEnded && !input.destroyed);
      // Leave the cursor on a fresh line after a prompt that got Ctrl-D instead of Enter.
      output.write('\n');
      return undefined;
    },
    interject(line) {
      const session = current;
      if (waiting === undefined) {
        output.write(`${line}\n`);
        return;
      }
      if (options.terminal && session !== undefined && !session.closed) {
        // Wipe the prompt line, print, then draw the prompt and the half-typed line again.
        clearLine(output, 0);
        cursorTo(output, 0);
        output.write(`${line}\n`);
        session.rl.prompt(true);
        return;
      }
      // A transcript: the prompt already went out without its line; finish it, print, prompt again.
      output.write(`\n${line}\n${waiting}`);
    },
    close() {
      ended = true;
      if (current && !current.closed) current.rl.close();
      current = undefined;
    },
  };
}
