// @ts-check
'use strict';
/**
 * Fault injection. Random faults use a seeded PRNG so a failing reliability test can be
 * replayed exactly; `failNext` is a FIFO of scripted faults for fully deterministic tests.
 *
 * faults = {
 *   error500Rate, error503Rate   // probability, checked before processing (nothing committed)
 *   dropAfterCommitRate          // POST only: process + commit, then destroy the socket unanswered
 *   seed                         // PRNG seed (default 1)
 *   latencyMs                    // extra latency, added to the emulator-level latency
 *   failNext: [                  // consumed one per request, in order
 *     { status: 500, shouldRetry?: true, error?: {type, code, message} , method?: 'POST' },
 *     { drop: true }             // process + commit, then destroy the socket
 *     { drop: 'before' }         // destroy the socket without processing
 *   ]                            // `method` restricts which requests may consume the entry
 *   outage: {                    // Stripe becomes unreachable part-way through a run:
 *     afterWrites,               //   this many POSTs are committed and answered normally,
 *     lostWrites?                //   the next ones are committed but their connection is dropped unanswered,
 *   }                            //   then every request's connection is dropped unprocessed, until setFaults()
 * }
 */

/** @param {number} seed mulberry32: tiny, fast, good enough for test scheduling */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Faults {
  /** @param {any} [cfg] */
  constructor(cfg) {
    this.set(cfg || {});
  }

  /** @param {any} cfg replaces the whole configuration */
  set(cfg) {
    this.cfg = { ...cfg, failNext: [...(cfg.failNext || [])] };
    this.rand = prng(cfg.seed ?? 1);
    /** POSTs committed since this configuration was set, for `outage`. */
    this.writes = 0;
  }

  /** Whether the outage has fully begun: every request is dropped before it is processed. */
  isDown() {
    const outage = this.cfg.outage;
    return Boolean(outage) && this.writes >= outage.afterWrites + (outage.lostWrites || 0);
  }

  /**
   * Decided when a POST is about to commit (handlers are synchronous, so deciding and
   * committing are one step even with many requests in flight).
   * @returns {'up'|'lose'|'down'} answer normally / commit then drop / drop without committing
   */
  writeVerdict() {
    const outage = this.cfg.outage;
    if (!outage || this.writes < outage.afterWrites) return 'up';
    return this.isDown() ? 'down' : 'lose';
  }

  noteWrite() {
    this.writes++;
  }

  get latencyMs() {
    return Number(this.cfg.latencyMs || 0);
  }

  /**
   * Decides the fault for one request, before it is processed.
   * @param {string} method
   * @returns {{kind:'status', status:number, shouldRetry?:boolean, error?:any, rateLimitedReason?:string} | {kind:'drop', when:'after'|'before'} | null}
   */
  pick(method) {
    const q = this.cfg.failNext;
    const idx = q.findIndex((/** @type {any} */ f) => !f.method || f.method.toUpperCase() === method);
    if (idx >= 0) {
      const f = q.splice(idx, 1)[0];
      if (f.drop) return { kind: 'drop', when: f.drop === 'before' ? 'before' : 'after' };
      return { kind: 'status', status: f.status || 500, shouldRetry: f.shouldRetry, error: f.error, rateLimitedReason: f.rateLimitedReason };
    }
    // Draw every rate each time so one rate's setting doesn't shift another's sequence.
    const r500 = this.rand();
    const r503 = this.rand();
    const rDrop = this.rand();
    if (r500 < (this.cfg.error500Rate || 0)) return { kind: 'status', status: 500, shouldRetry: true };
    if (r503 < (this.cfg.error503Rate || 0)) return { kind: 'status', status: 503, shouldRetry: true };
    if (method === 'POST' && rDrop < (this.cfg.dropAfterCommitRate || 0)) return { kind: 'drop', when: 'after' };
    return null;
  }
}

module.exports = { Faults, prng };
