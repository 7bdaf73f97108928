/**
 * The runtime's Entropy port: cryptographic random bits, drawn from a pooled buffer so that
 * seeding an execution (four words) does not cost a system call each time.
 */
import { randomFillSync } from 'node:crypto';
import type { Entropy } from '../kernel/index.js';

export function cryptoEntropy(poolWords = 1024): Entropy {
  const pool = new Uint32Array(poolWords);
  let next = poolWords;
  return {
    nextUint32() {
      if (next === poolWords) {
        randomFillSync(pool);
        next = 0;
      }
      return pool[next++]!;
    },
  };
}
