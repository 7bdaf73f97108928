/** A stream's retention period as people say it: `24 hours`, `7 days` (whole days from two on). */
export function retention(hours: number): string {
  if (hours >= 48 && hours % 24 === 0) return `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}
