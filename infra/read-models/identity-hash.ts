import { createHmac } from 'node:crypto';

/**
 * Identity numbers enter read models only as a keyed hash (HMAC-SHA256): equal numbers match, the number
 * cannot be read back, and without the key it cannot be found by hashing guessed numbers.
 */
export function createIdentityHasher(key: string): (idNumber: string) => string {
  if (key.length < 16) throw new Error('the identity hash key needs at least 16 characters');
  return (idNumber) => createHmac('sha256', key).update(idNumber.trim().toUpperCase()).digest('hex');
}
