/**
 * Lambda's REST routes: method + path → action. Path members (function names, ARNs, alias
 * names) arrive URL-encoded; query members (`Qualifier`, `Marker`, `MaxItems`, …) and headers
 * (`X-Amz-Invocation-Type`, …) are read as Lambda's model places them.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FunctionService } from '../../functions/function-service.js';
import { ServiceError } from '../../service/errors.js';

export interface LambdaRequest {
  params: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The JSON body as an object (`{}` when empty), or Lambda's error. */
  json(): Record<string, unknown>;
}

export interface LambdaResponse {
  status: number;
  /** JSON-serialised unless it is already bytes. */
  body?: unknown;
  headers?: Record<string, string>;
}

interface Route {
  method: string;
  path: RegExp;
  action: string;
  run(service: FunctionService, req: LambdaRequest): Promise<LambdaResponse>;
}

const NAME = '([^/]+)';
const fn = (version: string, rest = ''): RegExp => new RegExp(`^/${version}/functions/${NAME}${rest}/?$`);

const ok = (body: unknown, status = 200): LambdaResponse => ({ status, body });
const noContent = (status = 204): LambdaResponse => ({ status });

/** Query members that are set, by their model names. */
function query(req: LambdaRequest, ...names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = req.query.get(n);
    if (v !== null) out[n] = v;
  }
  return out;
}

/** `MaxItems` is an integer in the query string; anything else is a validation error. */
function paging(req: LambdaRequest): { Marker?: string; MaxItems?: number } {
  const { Marker, MaxItems } = query(req, 'Marker', 'MaxItems');
  if (MaxItems !== undefined && !/^-?\d+$/.test(MaxItems)) {
    throw new ServiceError('ValidationException', `1 validation error detected: Value '${MaxItems}' at 'maxItems' failed to satisfy constraint: Member must be an integer`);
  }
  return { ...(Marker !== undefined && { Marker }), ...(MaxItems !== undefined && { MaxItems: Number(MaxItems) }) };
}

const header = (req: LambdaRequest, name: string): string | undefined => {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

export const ROUTES: readonly Route[] = [
  { method: 'POST', path: /^\/2015-03-31\/functions\/?$/, action: 'CreateFunction', run: async (s, r) => ok(await s.createFunction(r.json() as never), 201) },
  {
    method: 'GET',
    path: /^\/2015-03-31\/functions\/?$/,
    action: 'ListFunctions',
    run: async (s, r) => ok(await s.listFunctions({ ...query(r, 'FunctionVersion', 'MasterRegion'), ...paging(r) })),
  },
  {
    method: 'GET',
    path: fn('2015-03-31'),
    action: 'GetFunction',
    run: async (s, r) => ok(await s.getFunction({ FunctionName: r.params[0], ...query(r, 'Qualifier') })),
  },
  {
    method: 'DELETE',
    path: fn('2015-03-31'),
    action: 'DeleteFunction',
    run: async (s, r) => (await s.deleteFunction({ FunctionName: r.params[0], ...query(r, 'Qualifier') }), noContent()),
  },
  {
    method: 'GET',
    path: fn('2015-03-31', '/configuration'),
    action: 'GetFunctionConfiguration',
    run: async (s, r) => ok(await s.getFunctionConfiguration({ FunctionName: r.params[0], ...query(r, 'Qualifier') })),
  },
  {
    method: 'PUT',
    path: fn('2015-03-31', '/configuration'),
    action: 'UpdateFunctionConfiguration',
    run: async (s, r) => ok(await s.updateFunctionConfiguration({ ...r.json(), FunctionName: r.params[0] } as never)),
  },
  {
    method: 'PUT',
    path: fn('2015-03-31', '/code'),
    action: 'UpdateFunctionCode',
    run: async (s, r) => ok(await s.updateFunctionCode({ ...r.json(), FunctionName: r.params[0] } as never)),
  },
  {
    method: 'POST',
    path: fn('2015-03-31', '/invocations'),
    action: 'Invoke',
    run: async (s, r) => {
      const out = await s.invoke({
        FunctionName: r.params[0],
        Payload: r.body,
        ...query(r, 'Qualifier'),
        ...definedHeaders(r, { InvocationType: 'X-Amz-Invocation-Type', LogType: 'X-Amz-Log-Type', ClientContext: 'X-Amz-Client-Context' }),
      });
      const headers: Record<string, string> = {};
      if (out.ExecutedVersion !== undefined) headers['X-Amz-Executed-Version'] = out.ExecutedVersion;
      if (out.FunctionError !== undefined) headers['X-Amz-Function-Error'] = out.FunctionError;
      if (out.LogResult !== undefined) headers['X-Amz-Log-Result'] = out.LogResult;
      return { status: out.StatusCode, headers, body: out.Payload ?? (out.StatusCode === 202 ? Buffer.alloc(0) : undefined) };
    },
  },
  {
    method: 'POST',
    path: fn('2015-03-31', '/versions'),
    action: 'PublishVersion',
    run: async (s, r) => ok(await s.publishVersion({ ...r.json(), FunctionName: r.params[0] } as never), 201),
  },
  {
    method: 'GET',
    path: fn('2015-03-31', '/versions'),
    action: 'ListVersionsByFunction',
    run: async (s, r) => ok(await s.listVersionsByFunction({ FunctionName: r.params[0], ...paging(r) })),
  },
  {
    method: 'POST',
    path: fn('2015-03-31', '/aliases'),
    action: 'CreateAlias',
    run: async (s, r) => ok(await s.createAlias({ ...r.json(), FunctionName: r.params[0] } as never), 201),
  },
  {
    method: 'GET',
    path: fn('2015-03-31', '/aliases'),
    action: 'ListAliases',
    run: async (s, r) => ok(await s.listAliases({ FunctionName: r.params[0], ...query(r, 'FunctionVersion'), ...paging(r) })),
  },
  {
    method: 'GET',
    path: fn('2015-03-31', `/aliases/${NAME}`),
    action: 'GetAlias',
    run: async (s, r) => ok(await s.getAlias({ FunctionName: r.params[0], Name: r.params[1] })),
  },
  {
    method: 'PUT',
    path: fn('2015-03-31', `/aliases/${NAME}`),
    action: 'UpdateAlias',
    run: async (s, r) => ok(await s.updateAlias({ ...r.json(), FunctionName: r.params[0], Name: r.params[1] } as never)),
  },
  {
    method: 'DELETE',
    path: fn('2015-03-31', `/aliases/${NAME}`),
    action: 'DeleteAlias',
    run: async (s, r) => (await s.deleteAlias({ FunctionName: r.params[0], Name: r.params[1] }), noContent()),
  },
  {
    method: 'PUT',
    path: fn('2017-10-31', '/concurrency'),
    action: 'PutFunctionConcurrency',
    run: async (s, r) => ok(await s.putFunctionConcurrency({ ...r.json(), FunctionName: r.params[0] } as never)),
  },
  {
    method: 'DELETE',
    path: fn('2017-10-31', '/concurrency'),
    action: 'DeleteFunctionConcurrency',
    run: async (s, r) => (await s.deleteFunctionConcurrency({ FunctionName: r.params[0] }), noContent()),
  },
  {
    method: 'GET',
    path: fn('2019-09-30', '/concurrency'),
    action: 'GetFunctionConcurrency',
    run: async (s, r) => ok(await s.getFunctionConcurrency({ FunctionName: r.params[0] })),
  },
  {
    method: 'POST',
    path: /^\/2017-03-31\/tags\/(.+?)\/?$/,
    action: 'TagResource',
    run: async (s, r) => (await s.tagResource({ Resource: r.params[0], Tags: r.json().Tags as Record<string, string> }), noContent()),
  },
  {
    method: 'DELETE',
    path: /^\/2017-03-31\/tags\/(.+?)\/?$/,
    action: 'UntagResource',
    run: async (s, r) => (await s.untagResource({ Resource: r.params[0], TagKeys: r.query.getAll('tagKeys') }), noContent()),
  },
  {
    method: 'GET',
    path: /^\/2017-03-31\/tags\/(.+?)\/?$/,
    action: 'ListTags',
    run: async (s, r) => ok(await s.listTags({ Resource: r.params[0] })),
  },
];

function definedHeaders<K extends string>(req: LambdaRequest, names: Record<K, string>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [member, name] of Object.entries(names) as [K, string][]) {
    const v = header(req, name);
    if (v !== undefined) out[member] = v;
  }
  return out;
}

/** The route for a method and path; a known path with another method is `MethodNotAllowed`-like, told apart for the message. */
export function findRoute(method: string, path: string): { route: Route; params: string[] } | { known: boolean } {
  let known = false;
  for (const route of ROUTES) {
    const m = route.path.exec(path);
    if (!m) continue;
    if (route.method !== method) {
      known = true;
      continue;
    }
    return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return { known };
}
