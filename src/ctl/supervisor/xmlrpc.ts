/**
 * A small XML-RPC client (the protocol supervisord speaks), over HTTP on a
 * unix socket or TCP. Supports the value types supervisord uses.
 */
import { request } from 'node:http';
import { Parser } from 'htmlparser2';

export type XmlRpcValue = string | number | boolean | null | XmlRpcValue[] | { [key: string]: XmlRpcValue };

export class XmlRpcFault extends Error {
  override name = 'XmlRpcFault';
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
  ) {
    super(`${faultString} (fault ${faultCode})`);
  }
}

export interface Endpoint {
  /** Unix socket path, or null for TCP. */
  readonly socketPath: string | null;
  readonly host?: string;
  readonly port?: number;
  readonly path: string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function encodeValue(value: XmlRpcValue): string {
  if (value === null) return '<value><nil/></value>';
  if (typeof value === 'string') return `<value><string>${escapeXml(value)}</string></value>`;
  if (typeof value === 'boolean') return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
  if (typeof value === 'number') return Number.isInteger(value) ? `<value><int>${value}</int></value>` : `<value><double>${value}</double></value>`;
  if (Array.isArray(value)) return `<value><array><data>${value.map(encodeValue).join('')}</data></array></value>`;
  const members = Object.entries(value).map(([k, v]) => `<member><name>${escapeXml(k)}</name>${encodeValue(v)}</member>`);
  return `<value><struct>${members.join('')}</struct></value>`;
}

export function encodeCall(method: string, params: readonly XmlRpcValue[]): string {
  const encoded = params.map((p) => `<param>${encodeValue(p)}</param>`).join('');
  return `<?xml version="1.0"?>\n<methodCall><methodName>${escapeXml(method)}</methodName><params>${encoded}</params></methodCall>`;
}

interface XmlNode {
  readonly name: string;
  readonly children: XmlNode[];
  text: string;
}

function parseXml(text: string): XmlNode {
  const root: XmlNode = { name: '#root', children: [], text: '' };
  const stack: XmlNode[] = [root];
  const parser = new Parser(
    {
      onopentag(name) {
        const node: XmlNode = { name, children: [], text: '' };
        stack.at(-1)!.children.push(node);
        stack.push(node);
      },
      ontext(data) {
        stack.at(-1)!.text += data;
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(text);
  parser.end();
  return root;
}

function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

function decodeValue(node: XmlNode): XmlRpcValue {
  const typed = node.children[0];
  if (!typed) return node.text;
  switch (typed.name) {
    case 'string':
    case 'dateTime.iso8601':
    case 'base64':
      return typed.text;
    case 'int':
    case 'i4':
    case 'i8':
    case 'double':
      return Number(typed.text.trim());
    case 'boolean':
      return typed.text.trim() === '1';
    case 'nil':
      return null;
    case 'array':
      return (child(typed, 'data')?.children ?? []).filter((c) => c.name === 'value').map(decodeValue);
    case 'struct': {
      const result: { [key: string]: XmlRpcValue } = {};
      for (const member of typed.children.filter((c) => c.name === 'member')) {
        const name = child(member, 'name')?.text ?? '';
        const value = child(member, 'value');
        result[name] = value ? decodeValue(value) : null;
      }
      return result;
    }
    default:
      throw new Error(`Unsupported XML-RPC type <${typed.name}>.`);
  }
}

export function decodeResponse(text: string): XmlRpcValue {
  const response = child(parseXml(text), 'methodResponse');
  if (!response) throw new Error('Not an XML-RPC response.');
  const fault = child(response, 'fault');
  if (fault) {
    const value = child(fault, 'value');
    const struct = (value ? decodeValue(value) : {}) as { faultCode?: number; faultString?: string };
    throw new XmlRpcFault(Number(struct.faultCode ?? 0), String(struct.faultString ?? 'unknown fault'));
  }
  const value = child(child(child(response, 'params') ?? response, 'param') ?? response, 'value');
  if (!value) throw new Error('XML-RPC response without a value.');
  return decodeValue(value);
}

export function xmlRpcCall(endpoint: Endpoint, method: string, params: readonly XmlRpcValue[] = [], timeoutMs = 60_000): Promise<XmlRpcValue> {
  const body = Buffer.from(encodeCall(method, params), 'utf8');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        ...(endpoint.socketPath ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port }),
        // supervisord ignores the host; it must still be a valid header.
        headers: { 'Content-Type': 'text/xml', 'Content-Length': body.length, Host: 'localhost' },
        method: 'POST',
        path: endpoint.path,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) {
            reject(new Error(`XML-RPC call ${method} failed: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
            return;
          }
          try {
            resolve(decodeResponse(text));
          } catch (err) {
            reject(err);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`XML-RPC call ${method} timed out after ${timeoutMs / 1000} s.`)));
    req.on('error', reject);
    req.end(body);
  });
}
