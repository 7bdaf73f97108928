/**
 * Thrown by an intrinsic's implementation when its arguments do not fit the function: the
 * evaluator, which knows the call's text, turns it into AWS's failure (States.Runtime, "Invalid
 * arguments in States.X"). Nothing outside this module sees it.
 */
export class InvalidArguments extends Error {
  override readonly name = 'InvalidArguments';
}
