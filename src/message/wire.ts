import { Event, Report, type Message } from './message.ts';
import { InvalidArgument } from './errors.ts';
import { packagedHarmonization, type Harmonization, type MessageKind } from './harmonization.ts';

/** Parses wire JSON (from any IntelMQ, Python or ours) into a Report or Event. */
export function unserialize(text: string, harmonization: Harmonization = packagedHarmonization(), defaultType?: MessageKind): Message {
  const dict = JSON.parse(text) as unknown;
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) {
    throw new InvalidArgument('message', typeof dict, ['JSON object']);
  }
  return fromDict(dict as Record<string, unknown>, harmonization, defaultType);
}

export function fromDict(dict: Record<string, unknown>, harmonization: Harmonization = packagedHarmonization(), defaultType?: MessageKind): Message {
  const type = (dict['__type'] as string | undefined) ?? defaultType;
  if (type === 'Event') return new Event(harmonization, dict);
  if (type === 'Report') return new Report(harmonization, dict);
  throw new InvalidArgument('__type', type, ['Event', 'Message', 'Report']);
}

export function serialize(message: Message): string {
  return message.serialize();
}
