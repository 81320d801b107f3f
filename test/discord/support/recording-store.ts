import type { Store } from "../../../src/core/ports/store.port.js";

/** A store that records every call made to it (method and arguments), for asserting what was read or how often. */
export function recordingStore() {
  const calls: Array<{ method: keyof Store; args: unknown[] }> = [];
  return {
    calls,
    /** The calls to `method` so far. */
    callsTo: (method: keyof Store) => calls.filter((c) => c.method === method),
    wrap: (s: Store): Store => new Proxy(s, {
      get(target, prop, recv) {
        const v = Reflect.get(target, prop, recv) as unknown;
        if (typeof v !== "function") return v;
        const fn = (v as (...a: unknown[]) => unknown).bind(target);
        return (...args: unknown[]) => {
          calls.push({ method: prop as keyof Store, args });
          return fn(...args);
        };
      },
    }),
  };
}
