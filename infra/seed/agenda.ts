/**
 * The simulation's diary: what happens next, in time order. A binary heap keyed by (day, millisecond of the
 * day, insertion order), so entries at the same instant keep the order they were written in.
 */
export interface Moment {
  /** Days since 1970-01-01 (services/calendar toDayNumber) of a working day. */
  day: number;
  /** Milliseconds after local midnight, Asia/Shanghai. */
  ms: number;
}

interface Entry<T> {
  day: number;
  ms: number;
  seq: number;
  value: T;
}

export interface Agenda<T> {
  add(at: Moment, value: T): void;
  /** The earliest entry's moment, or undefined when nothing is left. */
  peek(): Moment | undefined;
  take(): { at: Moment; value: T } | undefined;
  readonly size: number;
}

const before = <T>(a: Entry<T>, b: Entry<T>): boolean => a.day < b.day || (a.day === b.day && (a.ms < b.ms || (a.ms === b.ms && a.seq < b.seq)));

export function createAgenda<T>(): Agenda<T> {
  const heap: Entry<T>[] = [];
  let seq = 0;
  const up = (i: number): void => {
    const e = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(e, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = e;
  };
  const down = (i: number): void => {
    const e = heap[i]!;
    const n = heap.length;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && before(heap[child + 1]!, heap[child]!)) child++;
      if (!before(heap[child]!, e)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = e;
  };
  return {
    add(at, value) {
      heap.push({ day: at.day, ms: at.ms, seq: seq++, value });
      up(heap.length - 1);
    },
    peek() {
      const top = heap[0];
      return top ? { day: top.day, ms: top.ms } : undefined;
    },
    take() {
      const top = heap[0];
      if (!top) return undefined;
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        down(0);
      }
      return { at: { day: top.day, ms: top.ms }, value: top.value };
    },
    get size() {
      return heap.length;
    },
  };
}
