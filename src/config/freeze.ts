/** Immutability helpers: loaded configuration is shared by many modules and must not change under them. */

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

/** A Map whose mutators throw; Object.freeze alone does not protect a Map's entries. */
export function frozenMap<K, V>(entries: Iterable<readonly [K, V]>, what: string): ReadonlyMap<K, V> {
  const map = new Map<K, V>(entries);
  const refuse = () => {
    throw new TypeError(`${what} is read-only`);
  };
  Object.assign(map, { set: refuse, delete: refuse, clear: refuse });
  return Object.freeze(map);
}
