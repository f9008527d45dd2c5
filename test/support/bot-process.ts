import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface LogLine {
  readonly decision?: string;
  readonly [key: string]: unknown;
}

export interface BotProcess {
  readonly child: ChildProcess;
  /** Where its HTTP receiver listens (`http://127.0.0.1:<port>`), from its `started` log line. */
  readonly url: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first log line (already written or future) that matches. */
  waitForLog(pred: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

/**
 * A real bot (`node src/main.ts`) in HTTP mode with exactly `env` (plus PATH and HOME), its JSON log
 * read line by line; resolves once the `started` line names the port. Pushed onto `children` first,
 * so the caller's teardown kills it whatever happens.
 */
export async function spawnBotProcess(
  name: string,
  env: Record<string, string>,
  children: ChildProcess[],
): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const text of parts.filter(Boolean)) lines.push(JSON.parse(text) as LogLine);
    for (const wake of [...waiters]) wake();
  });
  const waitForLog = (pred: (line: LogLine) => boolean, timeoutMs = 60_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const found = lines.find(pred);
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `bot ${name}: no matching log line within ${timeoutMs} ms; decisions: ${lines
              .map((l) => l.decision)
              .filter(Boolean)
              .join(', ')}; stderr: ${stderr}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  const started = await Promise.race([
    waitForLog((l) => l.decision === 'started'),
    exited.then((): never => {
      throw new Error(`bot ${name} exited before starting; stderr: ${stderr}`);
    }),
  ]);
  if (started.mode !== 'http')
    throw new Error(`bot ${name} started in ${String(started.mode)} mode, not http`);
  return { child, url: `http://127.0.0.1:${started.port as number}`, exited, waitForLog };
}

/** SIGKILLs every child still running and waits for each to be gone. */
export async function killBotProcesses(children: ChildProcess[]): Promise<void> {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    }
  }
}
