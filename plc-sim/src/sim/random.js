"use strict";
// Seeded randomness for the simulation. Math.random is never used: every draw comes from a named stream derived
// from (seed, stream name), so a machine's draws do not shift when another machine or another purpose draws more
// often (e.g. a scenario forcing a stop on one machine leaves every other machine's future unchanged).

/** 32-bit FNV-1a hash of a string. */
function hashString(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One splitmix32 step: a good 32-bit mixer, used to seed streams and for stateless noise. */
function mix32(x) {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * A stream of uniform numbers in [0, 1): sfc32 (small fast counter, 128-bit state), seeded by splitmix32.
 * Period is at least 2^32 and in practice ~2^127; plenty for a simulation.
 */
class RandomStream {
  constructor(seed, name) {
    let s = mix32((seed >>> 0) ^ hashString(name));
    this.a = s = mix32(s);
    this.b = s = mix32(s);
    this.c = s = mix32(s);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next() {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** True with the given probability (0..1). */
  chance(probability) {
    return probability > 0 && this.next() < probability;
  }

  /** Exponentially distributed value with the given mean (memoryless: MTBF, time between micro-stops). */
  exponential(mean) {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Standard normal (Box-Muller; one value per call keeps the stream position simple to reason about). */
  normal() {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * Log-normal value with the given arithmetic mean and shape sigma (repair times: mostly short, a long tail).
   * mu is chosen so that E[X] = mean.
   */
  logNormal(mean, sigma) {
    if (sigma <= 0) return mean;
    const mu = Math.log(mean) - (sigma * sigma) / 2;
    return Math.exp(mu + sigma * this.normal());
  }

  /** Picks one item by weight: items is [{ weight, ... }]. */
  weighted(items) {
    let total = 0;
    for (const item of items) total += item.weight;
    let r = this.next() * total;
    for (const item of items) {
      r -= item.weight;
      if (r < 0) return item;
    }
    return items[items.length - 1];
  }
}

/** Stateless noise in [-1, 1] for (seed, key, n): the same inputs always give the same value. */
function noise(seed, key, n) {
  const h = mix32((seed >>> 0) ^ mix32(key ^ mix32(n >>> 0)));
  return (h / 4294967296) * 2 - 1;
}

module.exports = { RandomStream, hashString, noise };
