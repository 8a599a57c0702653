import fs from "node:fs";
import path from "node:path";
import type { KeySpill } from "../domain/csv";

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

