// Micro-batching: concurrent jobs each hand in one item and wait for its own result, while the items travel
// together in one request (an Elasticsearch bulk, mget or msearch; a job for the next stage). A batch goes out
// when it is full or a few milliseconds old, so a burst costs a few requests and a lone item waits no longer than
// the linger time. The linger time may follow the rate items arrive at (an average over about a second).

/** Answers a whole batch: one result (or an Error for that item alone) per item, in order. */
export type BatchHandler<Item, Result> = (items: Item[]) => Promise<Array<Result | Error>>;

interface Pending<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
}

export interface BatchOptions {
  maxBatch?: number;
  /** Milliseconds a batch waits for more items: fixed, or from the items' arrival rate (per second). */
  lingerMs?: number | ((arrivalsPerSecond: number) => number);
}

/** Time constant of the arrival-rate average, ms. */
const rateWindowMs = 1_000;

export class MicroBatcher<Item, Result> {
  readonly #handler: BatchHandler<Item, Result>;
  readonly #maxBatch: number;
  readonly #lingerMs: (arrivalsPerSecond: number) => number;
  #pending: Pending<Item, Result>[] = [];
  #timer: NodeJS.Timeout | undefined;
  #inFlight = new Set<Promise<void>>();
  #arrivalsPerSecond = 0;
  #lastArrival = 0;

  constructor(handler: BatchHandler<Item, Result>, options: BatchOptions = {}) {
    this.#handler = handler;
    this.#maxBatch = options.maxBatch ?? 200;
    const linger = options.lingerMs ?? 10;
    this.#lingerMs = typeof linger === "number" ? () => linger : linger;
  }

  submit(item: Item): Promise<Result> {
    // An exponentially weighted average: each arrival adds 1/window, and the sum decays with time.
    const now = performance.now();
    this.#arrivalsPerSecond =
      this.#arrivalsPerSecond * Math.exp(-(now - this.#lastArrival) / rateWindowMs) + 1_000 / rateWindowMs;
    this.#lastArrival = now;
    return new Promise((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (this.#pending.length >= this.#maxBatch) this.#send();
      else this.#timer ??= setTimeout(() => this.#send(), this.#lingerMs(this.#arrivalsPerSecond));
    });
  }

  /** Sends what is pending now and waits for every batch in flight. */
  async flush(): Promise<void> {
    this.#send();
    await Promise.all([...this.#inFlight]);
  }

  #send(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    const sent = this.#run(batch).finally(() => this.#inFlight.delete(sent));
    this.#inFlight.add(sent);
  }

  async #run(batch: Pending<Item, Result>[]): Promise<void> {
    try {
      const results = await this.#handler(batch.map((pending) => pending.item));
      batch.forEach((pending, position) => {
        const result = results[position];
        if (result instanceof Error) pending.reject(result);
        else if (position >= results.length)
          pending.reject(new Error("the batch gave no answer for this item"));
        else pending.resolve(result as Result);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error as Error);
    }
  }
}
