// Promise.withResolvers (Node 22), which aws-local-stepfunctions 3.x and the Restate SDK call: the
// standard polyfill on Node 20. Import it for its effect, before either loads.
Promise.withResolvers ??= function withResolvers() {
  let resolve;
  let reject;
  const promise = new this((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};
