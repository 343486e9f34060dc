"use strict";
// A binary min-heap of timed events. Ties at the same time run in scheduling order (seq), which keeps a run
// deterministic whatever the tick granularity of the clock that drives it.

class EventQueue {
  constructor() {
    this.heap = [];
    this.seq = 0;
  }

  get size() {
    return this.heap.length;
  }

  /** Adds an event; `at` is simulated time in ms since the epoch. */
  push(at, event) {
    const entry = { at, seq: this.seq++, event };
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  /** Time of the earliest event, or Infinity. */
  peekTime() {
    return this.heap.length ? this.heap[0].at : Infinity;
  }

  /** Removes and returns the earliest { at, event }. */
  pop() {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  }
}

function before(a, b) {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

module.exports = { EventQueue };
