import { describe, expect, it } from 'vitest';
import { retention } from './retention.js';

describe('retention', () => {
  it('says hours up to two days, and whole days from then on', () => {
    expect(retention(1)).toBe('1 hour');
    expect(retention(24)).toBe('24 hours');
    expect(retention(36)).toBe('36 hours');
    expect(retention(50)).toBe('50 hours');
    expect(retention(168)).toBe('7 days');
    expect(retention(8760)).toBe('365 days');
  });
});
