// A webhook receiver for tests: records every JSON body it accepts, with the time it arrived.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface WebhookReceiver<T> {
  url: string;
  /** Bodies accepted (answered 2xx), in order of arrival, with the request's headers. */
  received: Array<{ body: T; at: number; headers: Record<string, string | string[] | undefined> }>;
  close(): Promise<void>;
}

/** `status(call)` picks the answer to the n-th call (1-based); a non-2xx answer does not record the body. */
export async function startWebhookReceiver<T>(
  status: (call: number) => number = () => 204,
): Promise<WebhookReceiver<T>> {
  const received: WebhookReceiver<T>["received"] = [];
  let calls = 0;
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      calls += 1;
      const answer = status(calls);
      if (answer < 300)
        received.push({ body: JSON.parse(body) as T, at: Date.now(), headers: request.headers });
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
