// The error-handling demo's function: its behaviour is chosen by the input, as in the talk.
export async function processOrder(input, { signal }) {
  if (input.mode === 'custom') {
    const error = new Error('Something went wrong in the order service');
    error.name = 'CustomError';
    throw error;
  }
  if (input.mode === 'slow') {
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 60_000);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  if (input.mode === 'crash') throw new TypeError('unexpected');
  return { processed: true };
}
