import type { Store } from "../../../src/core/ports/store.port.js";

type Filters = { [K in keyof Store]?: (...args: never[]) => boolean };

/**
 * A store whose chosen methods each fail once ("disk on fire"), from when `arm()` is called, on the first call their
 * filter accepts; every other call goes through. Pass `wrap` as a world's `wrapStore`; `spent` tells whether every
 * armed failure was thrown.
 */
export function faultyStore(filters: Filters) {
  const armed = new Set<string>();
  return {
    arm(): void {
      for (const k of Object.keys(filters)) armed.add(k);
    },
    get spent(): boolean {
      return armed.size === 0;
    },
    wrap: (s: Store): Store => new Proxy(s, {
      get(target, prop, recv) {
        const v = Reflect.get(target, prop, recv) as unknown;
        if (typeof v !== "function") return v;
        const fn = (v as (...a: unknown[]) => Promise<unknown>).bind(target);
        const accepts = filters[prop as keyof Store] as ((...a: unknown[]) => boolean) | undefined;
        if (!accepts) return fn;
        return async (...args: unknown[]) => {
          if (armed.has(prop as string) && accepts(...args)) {
            armed.delete(prop as string);
            throw new Error("disk on fire");
          }
          return fn(...args);
        };
      },
    }),
  };
}
