export { Message, Event, Report, utcNowSeconds, type AddOptions, type ToDictOptions } from './message.ts';
export { Harmonization, packagedHarmonization, type CompiledField, type FieldSpec, type MessageKind } from './harmonization.ts';
export { unserialize, fromDict, serialize } from './wire.ts';
export * from './errors.ts';
export { pyJsonDumps, pyJsonValue, pyFloatRepr, compareCodePoints } from './pyjson.ts';
export { pyRepr } from './pyrepr.ts';
