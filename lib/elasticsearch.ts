// The Elasticsearch client, configured from the environment, and a wait that names the URL while it retries.
import { readFileSync } from "node:fs";
import { Client } from "@elastic/elasticsearch";
import type { Connections } from "../config/connections.ts";
import { describeError, ServiceUnavailableError } from "./errors.ts";
import type { Logger } from "./log.ts";

export type { Client as ElasticsearchClient } from "@elastic/elasticsearch";

export function createElasticsearch(settings: Connections["elasticsearch"]): Client {
  return new Client({
    node: settings.url,
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
      await es.cluster.health({ wait_for_status: "yellow", timeout: "5s" });
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
  /** The percolator module: alert rules matched by percolating each article. */
  percolator: boolean;
  /** analysis-common: the ASCII-folding analyzer for title and text. */
  analysisCommon: boolean;
}

export async function clusterCapabilities(es: Client): Promise<ClusterCapabilities> {
  const response = await es.nodes.info({ metric: "plugins", filter_path: "nodes.*.modules.name" });
  const nodes = Object.values(response.nodes ?? {});
  const everywhere = (module: string) =>
    nodes.length > 0 &&
    nodes.every((node) => (node.modules ?? []).some((installed) => installed.name === module));
  return { percolator: everywhere("percolator"), analysisCommon: everywhere("analysis-common") };
}
