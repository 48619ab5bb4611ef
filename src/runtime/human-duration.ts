/** Upstream's `seconds_to_human`: `1h`, `1h 0m 1s`, … with zero parts dropped. */
export function humanDuration(seconds: number): string {
  let rest = Math.round(seconds);
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n || parts.length) parts.push(`${n}${unit}`);
  }
  parts.push(`${rest}s`);
  while (parts.length > 1 && parts[parts.length - 1]!.startsWith('0')) parts.pop();
  return parts.join(' ');
}
