// Stepwise's Node.js runtime: a Lambda runtime client over the Runtime API at
// AWS_LAMBDA_RUNTIME_API. Loads the handler as AWS's Node runtime does (CommonJS or ES module,
// index.js / .mjs / .cjs), runs async and callback-style handlers, and reports errors in the
// runtime's shapes ({errorType, errorMessage, trace}) with its Runtime.* init error names.
// Plain JavaScript on purpose: it runs in the function's process, with nothing compiled.
// CommonJS on purpose too: it is every cold start's first code, and as a CommonJS main it starts
// without Node's ES module loader (which a CommonJS handler then never needs) and requires only
// what it uses, where `import` of a built-in builds its whole namespace (node:fs's loads
// fs/promises, readline and more). That is a quarter less CPU before a CommonJS handler's first
// event, and a little less before an ES module's.
'use strict';
const { existsSync, readFileSync, statSync } = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const util = require('node:util');

const [hostname, port] = (process.env.AWS_LAMBDA_RUNTIME_API ?? '').split(':');
const API = '/2018-06-01/runtime';

// ---- errors, shaped as AWS's Node runtime shapes them ----

class RuntimeError extends Error {}
const runtimeError = (name) => {
  const Class = class extends RuntimeError {};
  Class.prototype.name = `Runtime.${name}`;
  return Class;
};
const ImportModuleError = runtimeError('ImportModuleError');
const HandlerNotFound = runtimeError('HandlerNotFound');
const MalformedHandlerName = runtimeError('MalformedHandlerName');
const UserCodeSyntaxError = runtimeError('UserCodeSyntaxError');
class UnhandledPromiseRejection extends runtimeError('UnhandledPromiseRejection') {
  constructor(reason) {
    super(reason);
    this.reason = reason;
  }
}

function isError(value) {
  return util.types.isNativeError(value) || (value && typeof value.name === 'string' && typeof value.message === 'string' && typeof value.stack === 'string');
}

function toRapidResponse(error) {
  try {
    if (isError(error)) return { errorType: error.name, errorMessage: error.message, trace: error.stack.split('\n') };
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function toFormatted(error) {
  try {
    return `\t${JSON.stringify(error, (_key, value) => {
      if (!(value instanceof Error)) return value;
      const out = Object.assign({ errorType: value.name, errorMessage: value.message, code: value.code }, value);
      if (typeof value.stack === 'string') out.stack = value.stack.split('\n');
      return out;
    })}`;
  } catch {
    return `\t${JSON.stringify(toRapidResponse(error))}`;
  }
}

// ---- logging: console lines as `<time>\t<requestId>\t<LEVEL>\t<message>`, one line per call ----

let currentRequestId;
function patchConsole() {
  const write = (level) => (message, ...params) => {
    const line = `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${util.format(message, ...params)}`;
    process.stdout.write(`${line.replace(/\n/g, '\r')}\n`);
  };
  console.log = write('INFO');
  console.info = write('INFO');
  console.warn = write('WARN');
  console.error = write('ERROR');
  console.debug = write('DEBUG');
  console.trace = write('TRACE');
  console.fatal = write('FATAL');
}
const logError = (label, error) => console.error(label, toFormatted(error));

// ---- the Runtime API ----
// A minimal HTTP/1.1 client on one keep-alive connection. It pipelines: the response to one
// invocation and the long-poll for the next go out in one write (the socket is corked for the
// rest of the tick), saving a round trip per invoke, and the server reads both at one wake-up.
// The socket is unref'd while no request is outstanding, so the event loop can empty while a
// handler runs (that is how callbackWaitsForEmptyEventLoop is honoured).

let socket;
let received = Buffer.alloc(0);
const waiting = [];
let corked = false;

// The platform went away (the server stopped): nothing left to serve.
const lost = () => process.exit(0);

function connection() {
  if (socket) return socket;
  socket = net.connect({ host: hostname, port: Number(port) });
  socket.setNoDelay(true);
  socket.on('data', (chunk) => {
    received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
    parseResponses();
  });
  socket.on('error', lost);
  socket.on('close', lost);
  return socket;
}

function parseResponses() {
  for (;;) {
    const headerEnd = received.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const [statusLine, ...lines] = received.subarray(0, headerEnd).toString('latin1').split('\r\n');
    const headers = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    if (received.length < headerEnd + 4 + length) return;
    const body = received.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
    received = received.subarray(headerEnd + 4 + length);
    waiting.shift()?.({ status: Number(statusLine.split(' ')[1]), headers, body });
    if (waiting.length === 0) socket.unref();
  }
}

function request(method, urlPath, body, headers = {}) {
  const conn = connection();
  let head = `${method} ${urlPath} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  const data = body === undefined ? undefined : Buffer.from(body, 'utf8');
  if (data) head += `Content-Type: application/json\r\nContent-Length: ${data.length}\r\n`;
  conn.ref();
  if (!corked) {
    corked = true;
    conn.cork();
    process.nextTick(() => {
      corked = false;
      conn.uncork();
    });
  }
  conn.write(data ? Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), data]) : `${head}\r\n`);
  return new Promise((resolve) => waiting.push(resolve));
}

const nextInvocation = () => request('GET', `${API}/invocation/next`);
const postResponse = (id, body) => request('POST', `${API}/invocation/${encodeURIComponent(id)}/response`, body);

function postError(urlPath, error) {
  const response = toRapidResponse(error);
  return request('POST', urlPath, JSON.stringify(response), { 'Lambda-Runtime-Function-Error-Type': response.errorType });
}

const postInvocationError = (id, error) => postError(`${API}/invocation/${encodeURIComponent(id)}/error`, error);
const postInitError = (error) => postError(`${API}/init/error`, error);

// ---- loading the handler, as AWS's UserFunction.js does ----

function isFile(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function packageTypeIsModule(folder) {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    if (dir.endsWith('/node_modules')) return false;
    const pj = path.join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        return JSON.parse(readFileSync(pj, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

async function loadModule(appRoot, moduleRoot, moduleName) {
  const base = path.resolve(appRoot, moduleRoot, moduleName);
  if (isFile(base)) return require(base);
  const esm = isFile(`${base}.js`) && packageTypeIsModule(path.dirname(base));
  if (isFile(`${base}.js`) && !esm) return require(`${base}.js`);
  if (esm) return import(pathToFileURL(`${base}.js`).href);
  if (isFile(`${base}.mjs`)) return import(pathToFileURL(`${base}.mjs`).href);
  if (isFile(`${base}.cjs`)) return require(`${base}.cjs`);
  return require(require.resolve(moduleName, { paths: [appRoot, path.resolve(appRoot, moduleRoot)] }));
}

async function loadHandler(appRoot, fullHandler) {
  if (fullHandler.includes('..')) {
    throw new MalformedHandlerName(`'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const handlerString = path.basename(fullHandler);
  const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(handlerString));
  const match = /^([^.]*)\.(.*)$/.exec(handlerString);
  if (!match) throw new MalformedHandlerName('Bad handler');
  const [, moduleName, handlerPath] = match;
  let app;
  try {
    app = await loadModule(appRoot, moduleRoot, moduleName);
  } catch (e) {
    if (e instanceof SyntaxError) throw new UserCodeSyntaxError(String(e));
    if (e?.code === 'MODULE_NOT_FOUND' || e?.code === 'ERR_MODULE_NOT_FOUND') throw new ImportModuleError(String(e));
    throw e;
  }
  const handler = handlerPath.split('.').reduce((object, key) => object?.[key], app);
  if (!handler) throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${fullHandler} is not a function`);
  return handler;
}

// ---- the invocation loop ----

const env = process.env;
let onBeforeExit = () => {};
let currentInvocation;

function buildContext(headers, finish) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const parse = (name, label) => {
    const value = headers[name];
    if (value === undefined) return undefined;
    try {
      return JSON.parse(value);
    } catch (e) {
      throw new Error(`Cannot parse ${label} as json: ${e}`);
    }
  };
  let waitForEmptyEventLoop = true;
  const context = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      waitForEmptyEventLoop = value;
    },
    succeed: (result) => finish.done(null, result),
    fail: (error) => finish.done(error ?? 'handled'),
    done: (error, result) => finish.done(error, result),
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parse('lambda-runtime-client-context', 'ClientContext'),
    identity: parse('lambda-runtime-cognito-identity', 'CognitoIdentity'),
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  return { context, waits: () => waitForEmptyEventLoop };
}

/** Runs one invocation and answers it; resolves to the next invocation. */
function handleOnce(handler, { headers, body }) {
  return new Promise((resolve) => {
    const id = headers['lambda-runtime-aws-request-id'];
    currentRequestId = id;
    currentInvocation = id;
    if (headers['lambda-runtime-trace-id']) env._X_AMZN_TRACE_ID = headers['lambda-runtime-trace-id'];
    else delete env._X_AMZN_TRACE_ID;
    let finished = false;
    const complete = (error, result) => {
      if (finished) return;
      finished = true;
      onBeforeExit = () => {};
      let body;
      if (error === undefined || error === null) {
        try {
          body = JSON.stringify(result === undefined ? null : result);
        } catch {
          error = new Error('Unable to stringify response body');
        }
      }
      if (body !== undefined) postResponse(id, body);
      else {
        logError('Invoke Error', error);
        postInvocationError(id, error);
      }
      resolve(nextInvocation());
    };
    const finish = { done: complete };
    let waits = () => true;
    const callback = (error, result) => {
      if (finished) return;
      onBeforeExit = () => {};
      if ((error === undefined || error === null) && waits()) {
        // AWS answers a callback only once the event loop is empty, unless told not to wait.
        onBeforeExit = () => setImmediate(() => complete(null, result));
      } else complete(error, result);
    };
    // A handler that neither returns a promise nor calls back answers null when the loop empties.
    onBeforeExit = () => complete(null, null);
    try {
      const built = buildContext(headers, finish);
      waits = built.waits;
      const result = handler(JSON.parse(body), built.context, callback);
      if (result && typeof result.then === 'function') {
        result.then((value) => complete(null, value), (error) => complete(error ?? 'handled'));
      }
    } catch (error) {
      callback(error);
    }
  });
}

async function main() {
  patchConsole();
  // Before the handler is loaded a crash is an init error; afterwards, the current invocation's.
  let report = postInitError;
  const fatal = async (label, error, code) => {
    logError(label, error);
    await report(error);
    process.exit(code);
  };
  process.on('uncaughtException', (error) => fatal('Uncaught Exception', error, 129));
  process.on('unhandledRejection', (reason) => fatal('Unhandled Promise Rejection', new UnhandledPromiseRejection(reason), 128));
  process.on('beforeExit', () => onBeforeExit());

  let handler;
  try {
    handler = await loadHandler(env.LAMBDA_TASK_ROOT ?? process.cwd(), env._HANDLER ?? '');
  } catch (error) {
    return fatal('Uncaught Exception', error, 129);
  }
  report = (error) => postInvocationError(currentInvocation, error);
  for (let invocation = await nextInvocation(); ; ) invocation = await handleOnce(handler, invocation);
}

main();
