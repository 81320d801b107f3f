import type { Store } from "../../src/core/ports/store.port.js";
import { StoreError } from "../../src/store/errors.js";

export interface Fault {
  method: keyof Store;
  /** Only calls whose arguments match (every call when absent). */
  when?: (args: unknown[]) => boolean;
  /** How many matching calls fail. */
  times: number;
}

/** A Store whose methods can be told to throw store_unavailable (SQLite busy, disk full, Mongo down). */
export function faultyStore(inner: Store): { store: Store; fail(f: Fault): void } {
  const faults: Fault[] = [];
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        const f = faults.find((x) => x.method === prop && x.times > 0 && (!x.when || x.when(args)));
        if (f) {
          f.times--;
          return Promise.reject(new StoreError("store_unavailable", `${String(prop)}: injected fault (SQLITE_BUSY)`));
        }
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, fail: (f) => faults.push(f) };
}
