// The parent's side of the benchmark server: forks bench/serverProcess.js and
// turns its IPC replies into promises.
import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';

import type { ServerMethods } from './serverProcess';

type MethodName = keyof ServerMethods;
type Params<M extends MethodName> = Parameters<ServerMethods[M]>[0];
type Result<M extends MethodName> = Awaited<ReturnType<ServerMethods[M]>>;

interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

/** Upper bound on one call, in milliseconds; generating records is the slowest at well under this. */
const CALL_TIMEOUT_MS = 60_000;

export class BenchServer {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor() {
    this.child = fork(path.join(__dirname, 'serverProcess.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (reply: Reply) => this.settle(reply));
    this.child.on('exit', (code) => this.failAll(new Error(`The benchmark server process exited (code ${code}).`)));
  }

  call<M extends MethodName>(method: M, ...params: Params<M> extends undefined ? [] : [Params<M>]): Promise<Result<M>> {
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`The benchmark server did not respond to ${method} within ${CALL_TIMEOUT_MS} ms.`));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as Result<M>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send({ id, method, params: params[0] });
    });
  }

  /** Stops the server and waits for the child to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.call('stop').catch(() => this.child.kill('SIGTERM'));
    await exited;
  }

  private settle(reply: Reply): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) {
      return;
    }
    this.pending.delete(reply.id);
    if (reply.error !== undefined) {
      waiter.reject(new Error(reply.error));
    } else {
      waiter.resolve(reply.result);
    }
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) {
      waiter.reject(error);
    }
    this.pending.clear();
  }
}
