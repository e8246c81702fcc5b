// The Step Functions API over plain fetch (awsJson1_0), and a call that keeps trying through the
// server's crashes and restarts.

/** An answer from the server: AWS's error code and message. */
export class ApiError extends Error {
  constructor(status, type, message) {
    super(`${type}: ${message}`);
    this.status = status;
    this.type = type;
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Api {
  constructor(url) {
    this.url = url;
    /** Answers of HTTP 5xx: never expected, even around a crash. */
    this.serverErrors = [];
  }

  /** One request: the output, an ApiError, or any other error when the server is out of reach. */
  async call(action, body, signal) {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `AWSStepFunctions.${action}` },
      body: JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(90_000)]) : AbortSignal.timeout(90_000),
    });
    const text = await res.text();
    const value = text ? JSON.parse(text) : {};
    if (res.ok) return value;
    const type = String(value.__type ?? res.headers.get('x-amzn-errortype') ?? 'Unknown').split('#').pop();
    if (res.status >= 500) this.serverErrors.push(`${action}: ${res.status} ${type}: ${value.message}`);
    throw new ApiError(res.status, type, value.message ?? text);
  }

  /**
   * Calls until the server answers (it may be down, or die mid-request). `onRetry` sees each
   * attempt that got no answer. Rejects with the server's ApiError, or when `signal` aborts.
   */
  async persist(action, body, { signal, onRetry } = {}) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.call(action, body, signal);
      } catch (e) {
        if (signal?.aborted) throw e;
        if (e instanceof ApiError && e.status < 500) throw e;
        onRetry?.(attempt);
        await sleep(Math.min(20 * 2 ** attempt, 200));
      }
    }
  }

  /** Every page of a paginated action, as one list of `member`. */
  async all(action, body, member) {
    const items = [];
    let nextToken;
    do {
      const page = await this.persist(action, { ...body, maxResults: 1000, ...(nextToken && { nextToken }) });
      items.push(...page[member]);
      nextToken = page.nextToken;
    } while (nextToken);
    return items;
  }
}

/** Runs `work` over `items`, at most `limit` at once. */
export async function pool(items, limit, work) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
