// Aho-Corasick automaton: many patterns found in one left-to-right pass over a folded text, in time linear in
// the text length plus the number of hits. Patterns carry an opaque payload index.

export interface Hit {
  /** Folded-text offsets, end exclusive. */
  start: number;
  end: number;
  payload: number;
}

export class Automaton {
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Patterns ending at each node, including those reached through fail links: [length, payload] pairs. */
  private readonly out: number[][] = [[]];
  private built = false;

  add(pattern: string, payload: number): void {
    if (this.built) throw new Error("cannot add patterns after the automaton is built");
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const code = pattern.charCodeAt(i);
      const edges = this.next[node] as Map<number, number>;
      let target = edges.get(code);
      if (target === undefined) {
        target = this.next.length;
        this.next.push(new Map());
        this.fail.push(0);
        this.out.push([]);
        edges.set(code, target);
      }
      node = target;
    }
    (this.out[node] as number[]).push(pattern.length, payload);
  }

  build(): void {
    const queue: number[] = [];
    for (const child of (this.next[0] as Map<number, number>).values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] as number;
      for (const [code, child] of this.next[node] as Map<number, number>) {
        let f = this.fail[node] as number;
        while (f !== 0 && !(this.next[f] as Map<number, number>).has(code)) f = this.fail[f] as number;
        const target = (this.next[f] as Map<number, number>).get(code);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        (this.out[child] as number[]).push(...(this.out[this.fail[child] as number] as number[]));
        queue.push(child);
      }
    }
    this.built = true;
  }

  search(text: string): Hit[] {
    if (!this.built) this.build();
    const hits: Hit[] = [];
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let target = (this.next[node] as Map<number, number>).get(code);
      while (target === undefined && node !== 0) {
        node = this.fail[node] as number;
        target = (this.next[node] as Map<number, number>).get(code);
      }
      node = target ?? 0;
      const out = this.out[node] as number[];
      for (let k = 0; k < out.length; k += 2) {
        const length = out[k] as number;
        hits.push({ start: i + 1 - length, end: i + 1, payload: out[k + 1] as number });
      }
    }
    return hits;
  }
}
