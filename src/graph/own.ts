/**
 * Records keyed by node id, safe for every id. A node may be called `constructor`, `toString` or
 * `__proto__`: on a plain object `record[id]` then finds a member of `Object.prototype` although
 * nothing was stored, and `record['__proto__'] = v` replaces the prototype instead of storing `v`.
 * JSON-facing records (a graph file's `layout.nodes`, `weights`, `lossWeights`; trace frames; the
 * worker protocol's payloads) stay plain objects on the wire, so every read by id goes through
 * {@link ownValue} and every write through {@link setOwn}; records built only in memory start as
 * {@link idRecord} (no prototype at all).
 */

/**
 * The value stored under `key` itself, never one inherited from `Object.prototype`.
 *
 * @param record - A record keyed by id (plain or without prototype); `undefined` reads as empty.
 * @param key - The id.
 */
export function ownValue<T>(
  record: Readonly<Record<string, T>> | null | undefined,
  key: string,
): T | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Whether `key` is stored in the record itself (not inherited). */
export function hasOwnKey(
  record: Readonly<Record<string, unknown>> | null | undefined,
  key: string,
): boolean {
  return record != null && Object.hasOwn(record, key);
}

/**
 * Stores `value` under `key` as an own, enumerable property; a `__proto__` key becomes an entry
 * (as `JSON.parse` makes it) instead of replacing the record's prototype.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * An empty record without prototype: indexing it by any id finds only what was stored, and
 * assigning `__proto__` stores an entry. JSON, structured clone and spread copy it as usual.
 */
export function idRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
