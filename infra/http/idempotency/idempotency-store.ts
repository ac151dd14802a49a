/** A response as first sent, kept to answer a retry with the same Idempotency-Key. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface IdempotencyClaim {
  /** Who the key belongs to: keys of different callers never meet. */
  scope: string;
  key: string;
  /** A digest of what was asked (method, path, body): the same key with another request is refused. */
  fingerprint: string;
}

export type BeginOutcome =
  | { kind: 'started' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

/**
 * Idempotency keys (IETF draft-ietf-httpapi-idempotency-key-header): `begin` claims a key before the work,
 * `complete` keeps the response, `release` forgets a claim whose work did not finish so it can be retried.
 */
export interface IdempotencyStore {
  /** Claims a dead process left pending, settled when the store was opened (logged by the composition). */
  readonly abandonedAtOpen: number;
  begin(claim: IdempotencyClaim): BeginOutcome;
  complete(claim: IdempotencyClaim, response: StoredResponse): void;
  release(claim: IdempotencyClaim): void;
  /** Deletes expired entries; returns how many. */
  purgeExpired(): number;
  close(): void;
}
