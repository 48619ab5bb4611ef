/**
 * The harmonization field types by the names `harmonization.conf` uses, and
 * the helpers other modules (parsers, experts) share with them.
 */
import type { FieldType } from './field-type.ts';
import { Base64 } from './base64.ts';
import { ClassificationTaxonomy, ClassificationType } from './classification.ts';
import { DateTime } from './datetime.ts';
import { FQDN } from './fqdn.ts';
import { BooleanType, LowercaseString, StringType, UppercaseString } from './generic.ts';
import { IPAddress, IPNetwork } from './ip.ts';
import { JSONDict, JSONType } from './json.ts';
import { ASN, Accuracy, Float, Integer } from './numbers.ts';
import { Registry, TLP } from './registry-tlp.ts';
import { URL } from './url.ts';

export const FIELD_TYPES: Readonly<Record<string, FieldType>> = Object.freeze({
  String: StringType,
  LowercaseString,
  UppercaseString,
  Base64,
  Boolean: BooleanType,
  Integer,
  Float,
  Accuracy,
  ASN,
  IPAddress,
  IPNetwork,
  FQDN,
  URL,
  DateTime,
  JSON: JSONType,
  JSONDict,
  ClassificationTaxonomy,
  ClassificationType,
  Registry,
  TLP,
});

export { PyFloat, type FieldType } from './field-type.ts';
export { base64Decode, base64Encode } from './base64.ts';
export { CLASSIFICATION_TAXONOMIES, CLASSIFICATION_TYPES, CLASSIFICATION_TYPE_ALIASES } from './classification.ts';
export { TIME_FORMATS, convertDateTime, generateDateTimeNow, validateTimeFormat } from './datetime.ts';
export { idnaEncode } from './fqdn.ts';
export { genericSanitize } from './generic.ts';
export { isValidAddress } from './ip.ts';
export { urlsplit, type SplitUrl } from './url.ts';
