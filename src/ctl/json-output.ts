/**
 * Python `json.dumps(value, indent=4)` (insertion order, ASCII only): the JSON
 * shape the IntelMQ Manager and other tools parse from `intelmqctl --type json`.
 */
export function pyJsonIndent(value: unknown): string {
  const text = JSON.stringify(value, null, 4) ?? 'null';
  return text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
