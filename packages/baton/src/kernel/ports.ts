/** Epoch milliseconds. The pure core receives instants as values and never reads a clock. */
export type Instant = number;

/** Where the runtime reads the time. Tests use a fake clock that moves only when told to. */
export interface Clock {
  now(): Instant;
}

/** Where the runtime draws randomness (execution seeds, ids). The pure core receives it as values. */
export interface Entropy {
  /** 32 random bits as an unsigned integer. */
  nextUint32(): number;
}
