// The Elasticsearch client, configured from the environment, and a wait that names the URL while it retries.
import { readFileSync } from "node:fs";
import { Client, errors } from "@elastic/elasticsearch";
import type { Connections } from "../config/connections.ts";
import { describeError, ServiceUnavailableError } from "./errors.ts";
import type { Logger } from "./log.ts";

export type { Client as ElasticsearchClient } from "@elastic/elasticsearch";

/** A client for one node, several nodes (requests spread over them, dead ones skipped) or an Elastic Cloud ID. */
export function createElasticsearch(settings: Connections["elasticsearch"]): Client {
  return new Client({
    ...(settings.cloudId ? { cloud: { id: settings.cloudId } } : { nodes: settings.nodes ?? [settings.url] }),
    ...(settings.apiKey ? { auth: { apiKey: settings.apiKey } } : {}),
    ...(settings.username
      ? { auth: { username: settings.username, password: settings.password ?? "" } }
      : {}),
    ...(settings.caCertPath ? { tls: { ca: readFileSync(settings.caCertPath) } } : {}),
    requestTimeout: 30_000,
    maxRetries: 3,
  });
}

/** Waits until the cluster answers (yellow or better), logging the URL and cause; gives up after `timeoutMs`. */
export async function waitForElasticsearch(
  es: Client,
  url: string,
  log: Logger,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 500;
  for (;;) {
    try {
      // One try per round, within what is left of the wait: the client's own retries would stretch it.
      const requestTimeout = Math.max(1_000, Math.min(deadline - Date.now(), 10_000));
      await es.cluster.health(
        { wait_for_status: "yellow", timeout: "5s" },
        { maxRetries: 0, requestTimeout },
      );
      return;
    } catch (error) {
      if (Date.now() + delay > deadline) throw new ServiceUnavailableError("Elasticsearch", url, error);
      log.warn(
        { elasticsearchUrl: url, err: describeError(error) },
        `Elasticsearch at ${url} is not ready; retrying`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  }
}

/**
 * Optional Elasticsearch modules newsmon can use. The default distribution (Docker images, Elastic Cloud) has
 * them all; the minimal `integ-test-zip` server from Maven Central that `infra/services.sh` runs has none.
 */
export interface ClusterCapabilities {
  /** analysis-common: the ASCII-folding analyzer for title and text. */
  analysisCommon: boolean;
}

export async function clusterCapabilities(es: Client): Promise<ClusterCapabilities> {
  const response = await es.nodes.info({ metric: "plugins", filter_path: "nodes.*.modules.name" });
  const nodes = Object.values(response.nodes ?? {});
  const everywhere = (module: string) =>
    nodes.length > 0 &&
    nodes.every((node) => (node.modules ?? []).some((installed) => installed.name === module));
  return { analysisCommon: everywhere("analysis-common") };
}

/**
 * Whether a failed request means Elasticsearch is down or overloaded (no connection, a timeout, 429 or 5xx), as
 * opposed to refusing the request itself: such work waits for the cluster instead of using up its attempts.
 */
export function isElasticsearchUnavailable(error: unknown): boolean {
  if (!(error instanceof errors.ElasticsearchClientError)) return false;
  if (
    error instanceof errors.ConnectionError ||
    error instanceof errors.NoLivingConnectionsError ||
    error instanceof errors.TimeoutError
  ) {
    return true;
  }
  if (error instanceof errors.ResponseError) {
    const status = error.statusCode ?? 0;
    return status === 429 || status === 502 || status === 503 || status === 504;
  }
  return false;
}
