/**
 * The rows of invitees a ReferralAccumulator does not keep in memory (past its
 * `inviteesInMemory`), put away in sorted runs and read back merged: an external sort by
 * (invitee uid, line). Each invitee's rows then come together, in file order, so that its latest
 * row, its re-bindings inside the file and its week masks are worked out exactly as if it had been
 * followed row by row — with one invitee in memory at a time instead of all of them.
 *
 * A record keeps only what that needs: the row's line, week, affiliate and text attributes as the
 * accumulator's ids, VIP level, rebate rate, and the week-mask flags of an active row of a fresh
 * week. Pure: the bytes go to a {@link RunSpill} (files in the import's scratch directory; memory
 * in the tests).
 */

/** Where sorted runs are put away and read back from. */
export interface RunSpill {
  /** Keeps a run's bytes; returns its id. */
  write(bytes: Uint8Array): number;
  /** Reads bytes of a run from `offset` into `into`; returns how many were read (0 at its end). */
  read(id: number, offset: number, into: Uint8Array): number;
  /** Forgets a run (read to its end). */
  remove(id: number): void;
}

/** A RunSpill in memory (tests). */
export function memoryRunSpill(): RunSpill & { runs: Map<number, Uint8Array> } {
  const runs = new Map<number, Uint8Array>();
  let next = 0;
  return {
    runs,
    write(bytes) {
      runs.set(next, bytes.slice());
      return next++;
    },
    read(id, offset, into) {
      const run = runs.get(id);
      if (!run) throw new Error(`run ${id} is not kept`);
      const n = Math.max(0, Math.min(into.length, run.length - offset));
      into.set(run.subarray(offset, offset + n));
      return n;
    },
    remove(id) {
      runs.delete(id);
    },
  };
}

/** Text attribute ids of a record, in this order (the columns of PackedLatest after the affiliate). */
export const RECORD_TEXTS = 7;
/** Records a run holds before it is sorted and put away (~6 MB of memory while it fills). */
export const RUN_RECORDS = 65_536;
/** Bytes read from a run at a time while merging: memory is this times the number of runs. */
export const RUN_READ_BYTES = 32_768;

/** One row of an invitee put away. */
export interface RunRecord {
  uid: string;
  line: number;
  week: number;
  affiliate: number;
  /** Text ids (-1 = null): registered, referral code, verified, first deposit, first trade, country, commission type. */
  texts: Int32Array;
  vip: number;
  rebate: number;
  /** Bit i set: FLAG_FIELDS[i] for this row's week (0: not an active row of a fresh week). */
  flags: number;
}

// A record: 2 doubles (VIP level, rebate rate), 12 ints (line, week, affiliate, 7 texts, flags,
// uid length), then the uid's UTF-16 code units, padded to 8 bytes so that every record starts
// aligned for the typed views.
const HEADER = 64;
const INTS = 12;
const recordBytes = (uidLength: number) => HEADER + ((uidLength * 2 + 7) & ~7);

/** Rows gathered in file order, sorted by (uid, line) and put away RUN_RECORDS at a time. */
export class RunWriter {
  readonly runs: { id: number; bytes: number }[] = [];
  private uids: string[] = [];
  private readonly ints: Int32Array;
  private readonly doubles: Float64Array;
  private count = 0;
  /** Rows put away in all (the runs and the one filling). */
  rows = 0;

  constructor(
    private readonly spill: RunSpill,
    private readonly runRecords = RUN_RECORDS,
  ) {
    this.ints = new Int32Array(runRecords * INTS);
    this.doubles = new Float64Array(runRecords * 2);
  }

  add(uid: string, line: number, week: number, affiliate: number, texts: ArrayLike<number>, vip: number, rebate: number, flags: number) {
    const i = this.count++;
    const o = i * INTS;
    const ints = this.ints;
    ints[o] = line;
    ints[o + 1] = week;
    ints[o + 2] = affiliate;
    for (let t = 0; t < RECORD_TEXTS; t++) ints[o + 3 + t] = texts[t];
    ints[o + 10] = flags;
    ints[o + 11] = uid.length;
    this.doubles[i * 2] = vip;
    this.doubles[i * 2 + 1] = rebate;
    this.uids.push(uid);
    this.rows++;
    if (this.count === this.runRecords) this.flush();
  }

  /** Sorts what is held by (uid, line) and puts it away as one run. */
  flush() {
    const n = this.count;
    if (n === 0) return;
    const uids = this.uids;
    // Rows are added in file order: among equal uids the index order is the line order.
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (uids[a] < uids[b] ? -1 : uids[a] > uids[b] ? 1 : a - b));
    let bytes = 0;
    for (let i = 0; i < n; i++) bytes += recordBytes(uids[i].length);
    const buffer = new ArrayBuffer(bytes);
    const f64 = new Float64Array(buffer);
    const i32 = new Int32Array(buffer);
    const u16 = new Uint16Array(buffer);
    let at = 0;
    for (const i of order) {
      const uid = uids[i];
      f64[at / 8] = this.doubles[i * 2];
      f64[at / 8 + 1] = this.doubles[i * 2 + 1];
      i32.set(this.ints.subarray(i * INTS, (i + 1) * INTS), at / 4 + 4);
      const u = (at + HEADER) / 2;
      for (let c = 0; c < uid.length; c++) u16[u + c] = uid.charCodeAt(c);
      at += recordBytes(uid.length);
    }
    this.runs.push({ id: this.spill.write(new Uint8Array(buffer)), bytes });
    this.uids = [];
    this.count = 0;
  }
}

/** One run read back record by record, RUN_READ_BYTES at a time. */
class RunReader {
  private buffer: Uint8Array;
  private f64: Float64Array;
  private i32: Int32Array;
  private u16: Uint16Array;
  /** Read position in the buffer, bytes in the buffer, and the run's offset of the buffer's end. */
  private at = 0;
  private end = 0;
  private offset = 0;
  readonly record: RunRecord = { uid: "", line: 0, week: 0, affiliate: 0, texts: new Int32Array(RECORD_TEXTS), vip: 0, rebate: 0, flags: 0 };

  constructor(
    private readonly spill: RunSpill,
    private readonly id: number,
    private readonly bytes: number,
    readBytes: number,
  ) {
    this.buffer = new Uint8Array(readBytes);
    this.f64 = new Float64Array(this.buffer.buffer);
    this.i32 = new Int32Array(this.buffer.buffer);
    this.u16 = new Uint16Array(this.buffer.buffer);
  }

  /** Makes `n` bytes available from `at` (keeping alignment: records are multiples of 8 bytes). */
  private ensure(n: number): boolean {
    if (this.end - this.at >= n) return true;
    if (this.offset >= this.bytes) return false;
    const left = this.end - this.at;
    if (n > this.buffer.length) {
      const grown = new Uint8Array(Math.max(n, this.buffer.length * 2));
      grown.set(this.buffer.subarray(this.at, this.end));
      this.buffer = grown;
      this.f64 = new Float64Array(grown.buffer);
      this.i32 = new Int32Array(grown.buffer);
      this.u16 = new Uint16Array(grown.buffer);
    } else this.buffer.copyWithin(0, this.at, this.end);
    this.at = 0;
    this.end = left;
    while (this.end < n && this.offset < this.bytes) {
      const got = this.spill.read(this.id, this.offset, this.buffer.subarray(this.end));
      if (got <= 0) throw new Error(`run ${this.id} ends early`);
      this.offset += got;
      this.end += got;
    }
    return this.end - this.at >= n;
  }

  /** Reads the next record into `record`; false at the end of the run (then forgotten). */
  next(): boolean {
    if (!this.ensure(HEADER)) {
      this.spill.remove(this.id);
      return false;
    }
    const i = this.at / 4 + 4;
    const uidLength = this.i32[i + 11];
    if (!this.ensure(recordBytes(uidLength))) throw new Error(`run ${this.id} ends inside a record`);
    const r = this.record;
    const d = this.at / 8;
    const k = this.at / 4 + 4;
    r.vip = this.f64[d];
    r.rebate = this.f64[d + 1];
    r.line = this.i32[k];
    r.week = this.i32[k + 1];
    r.affiliate = this.i32[k + 2];
    for (let t = 0; t < RECORD_TEXTS; t++) r.texts[t] = this.i32[k + 3 + t];
    r.flags = this.i32[k + 10];
    const u = (this.at + HEADER) / 2;
    r.uid = String.fromCharCode.apply(null, this.u16.subarray(u, u + uidLength) as unknown as number[]);
    this.at += recordBytes(uidLength);
    return true;
  }
}

const before = (a: RunReader, b: RunReader) => {
  const x = a.record;
  const y = b.record;
  return x.uid < y.uid || (x.uid === y.uid && x.line < y.line);
};

/**
 * The runs merged: every record in (uid, line) order, one at a time (`next()` → `record`).
 * Memory: RUN_READ_BYTES per run.
 */
export class RunMerge {
  private readonly heap: RunReader[] = [];
  private current: RunReader | null = null;

  constructor(spill: RunSpill, runs: readonly { id: number; bytes: number }[], readBytes = RUN_READ_BYTES) {
    runs.forEach((run) => {
      const reader = new RunReader(spill, run.id, run.bytes, Math.max(8, readBytes & ~7));
      if (reader.next()) this.push(reader);
    });
  }

  /** The record `next()` moved to (valid until the next call). */
  get record(): RunRecord {
    return this.current!.record;
  }

  next(): boolean {
    if (this.current && this.current.next()) this.push(this.current);
    this.current = this.pop();
    return this.current !== null;
  }

  private push(r: RunReader) {
    const h = this.heap;
    let i = h.push(r) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): RunReader | null {
    const h = this.heap;
    if (h.length === 0) return null;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
