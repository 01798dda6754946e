/** A bad command line: the message names the flag or file, and the process exits with code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
