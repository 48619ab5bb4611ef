/** An Error named like the Python exception upstream raises, so logs and tracebacks read the same. */
export function pyError(type: string, message: string): Error {
  const e = new Error(message);
  e.name = type;
  return e;
}
