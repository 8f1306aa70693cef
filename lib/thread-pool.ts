// A pool of worker threads for the stages' CPU-bound work (decoding, main-text extraction, entity finding), so
// the main thread keeps to I/O (HTTP, Redis, Elasticsearch, BullMQ). A task names its entry file: a module
// whose default export takes the task and returns the result. With 0 threads the same function runs inline on
// the calling thread (tests, one-core machines), so both ways give identical results.
import { Piscina } from "piscina";

/** An entry file's default export: one task in, its result out. */
// biome-ignore lint/suspicious/noExplicitAny: the task type is the entry's own; `run` checks it against the entry.
type Entry = (task: any) => unknown;

/** Tasks handed to each thread ahead of time (it runs them one after another). */
const tasksPerThread = 4;

export class ThreadPool {
  readonly #threads: number;
  #piscina: Piscina | undefined;

  constructor(threads: number) {
    this.#threads = threads;
  }

  /**
   * Runs `task` on a thread with the default export of the module at `entry`. Objects in `transfer` (the
   * ArrayBuffer of a large byte array) move to the thread instead of being copied; they are unusable here after.
   */
  async run<E extends Entry>(
    entry: URL,
    task: Parameters<E>[0],
    transfer: ArrayBuffer[] = [],
  ): Promise<Awaited<ReturnType<E>>> {
    if (this.#threads === 0) {
      const module = (await import(entry.href)) as { default: E };
      return (await module.default(task)) as Awaited<ReturnType<E>>;
    }
    // Started on first use, so commands that open the deps but run no stage start no threads. All threads stay
    // up: each loads its modules (extractor, gazetteer) once. A thread holds a few tasks at once, so it goes
    // on to the next one without waiting for the busy main thread to hand it over (it runs them in turn).
    this.#piscina ??= new Piscina({
      minThreads: this.#threads,
      maxThreads: this.#threads,
      concurrentTasksPerWorker: tasksPerThread,
    });
    return this.#piscina.run(task, { filename: entry.href, transferList: transfer });
  }

  /** Waits for the tasks already given, then stops the threads. */
  async close(): Promise<void> {
    await this.#piscina?.close();
  }
}
