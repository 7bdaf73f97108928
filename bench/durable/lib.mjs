// The shared bench helpers live in bench/lib; bench/queues still imports them from here.

export { freePort, httpClient, waitFor } from '../lib/http.mjs';
export { drive, now, percentile, summarize } from '../lib/measure.mjs';
