// Lets the commands run the TypeScript sources directly (no build step on install).
import { register } from 'tsx/esm/api';

register();

export async function run(entry) {
  await import(new URL(entry, import.meta.url).href);
}
