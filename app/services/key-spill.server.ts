import fs from "node:fs";
import path from "node:path";
import type { KeySpill } from "../domain/csv";
import type { RunSpill } from "../domain/invitee-runs";

/** A KeySpill on files of a directory: one file per table put away, removed when it is read back. */
export function fileKeySpill(dir: string): KeySpill {
  const at = (id: number) => path.join(dir, `keys-${id}.bin`);
  return {
    save(id, slots) {
      fs.writeFileSync(at(id), new Uint8Array(slots.buffer, slots.byteOffset, slots.byteLength));
    },
    load(id) {
      const bytes = fs.readFileSync(at(id));
      fs.rmSync(at(id));
      // A copy of its own, aligned (a Buffer may sit at any offset of a shared pool).
      const slots = new Uint32Array(bytes.length / 4);
      new Uint8Array(slots.buffer).set(bytes);
      return slots;
    },
  };
}

/**
 * A RunSpill on files of a directory: one file per sorted run of invitee rows, read back in order
 * through its own descriptor, removed when read to its end (or with the directory).
 */
export function fileRunSpill(dir: string): RunSpill {
  const at = (id: number) => path.join(dir, `run-${id}.bin`);
  const open = new Map<number, number>();
  let next = 0;
  return {
    write(bytes) {
      const id = next++;
      fs.writeFileSync(at(id), bytes);
      return id;
    },
    read(id, offset, into) {
      let fd = open.get(id);
      if (fd === undefined) open.set(id, (fd = fs.openSync(at(id), "r")));
      return fs.readSync(fd, into, 0, into.length, offset);
    },
    remove(id) {
      const fd = open.get(id);
      if (fd !== undefined) fs.closeSync(fd);
      open.delete(id);
      fs.rmSync(at(id), { force: true });
    },
  };
}
