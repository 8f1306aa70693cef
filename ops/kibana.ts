// `newsmon kibana setup`: loads the saved objects in infra/kibana/*.ndjson (data views on the articles and
// alerts indices, the saved searches, the overview dashboard) into Kibana through its saved-objects import
// API, overwriting earlier versions. In: the Kibana URL and credentials from the environment, the index
// prefix of the config. Out: what was imported, by type. Fails with the URL and the cause when Kibana cannot
// be reached, refuses the credentials, or rejects objects (Kibana's own error for each).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { describeError } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";

export const savedObjectsDir = path.resolve(import.meta.dirname, "..", "infra", "kibana");

export type KibanaAuth = { username: string; password: string } | { apiKey: string };

export interface KibanaTarget {
  url: string;
  auth?: KibanaAuth;
}

export interface ImportSummary {
  url: string;
  imported: number;
  byType: Record<string, number>;
  objects: Array<{ type: string; id: string; title: string }>;
  dashboardUrl: string;
}

export class KibanaSetupError extends Error {
  override name = "KibanaSetupError";
}

/** KIBANA_URL (default http://127.0.0.1:5601), KIBANA_API_KEY or KIBANA_USERNAME + KIBANA_PASSWORD. */
export function kibanaFromEnv(env: NodeJS.ProcessEnv = process.env): KibanaTarget {
  const url = (env.KIBANA_URL || "http://127.0.0.1:5601").replace(/\/+$/, "");
  if (env.KIBANA_API_KEY) return { url, auth: { apiKey: env.KIBANA_API_KEY } };
  if (env.KIBANA_USERNAME) {
    return { url, auth: { username: env.KIBANA_USERNAME, password: env.KIBANA_PASSWORD ?? "" } };
  }
  return { url };
}

const SavedObject = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  attributes: z.looseObject({ title: z.string().optional() }),
  references: z.array(z.looseObject({ id: z.string(), type: z.string(), name: z.string() })),
});
type SavedObject = z.infer<typeof SavedObject>;

/** The saved objects of every infra/kibana/*.ndjson file, in file order, checked line by line. */
export function readSavedObjects(dir = savedObjectsDir): SavedObject[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".ndjson"))
    .sort();
  if (files.length === 0) throw new KibanaSetupError(`no saved objects (*.ndjson) in ${dir}`);
  return files.flatMap((file) =>
    readFileSync(path.join(dir, file), "utf8")
      .split("\n")
      .map((line, index) => ({ line, where: `${path.join(dir, file)}:${index + 1}` }))
      .filter(({ line }) => line.trim() !== "")
      .map(({ line, where }) => {
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch (error) {
          throw new KibanaSetupError(`${where}: not JSON: ${describeError(error)}`);
        }
        const parsed = SavedObject.safeParse(json);
        if (!parsed.success)
          throw new KibanaSetupError(`${where}: not a saved object: ${parsed.error.message}`);
        return parsed.data;
      }),
  );
}

/**
 * With an index prefix (several installations or test runs sharing one cluster and one Kibana), the data
 * views point at the prefixed indices, and every object id (and reference to it) and title carries the
 * prefix, so installations do not overwrite each other's objects.
 */
export function withIndexPrefix(objects: SavedObject[], indexPrefix: string): SavedObject[] {
  if (!indexPrefix) return objects;
  const ids = new Set(objects.map((object) => object.id));
  const rename = (id: string) => (ids.has(id) ? `${indexPrefix}${id}` : id);
  const label = indexPrefix.replace(/-+$/, "");
  return objects.map((object) => {
    const attributes = { ...object.attributes };
    if (object.type === "index-pattern") {
      attributes.title = `${indexPrefix}${attributes.title}`;
      if (typeof attributes.name === "string") attributes.name = `${attributes.name} (${label})`;
    } else if (attributes.title) {
      attributes.title = `${attributes.title} (${label})`;
    }
    // Panels embedded by value carry their own copy of the data view references.
    if (typeof attributes.panelsJSON === "string") {
      const panels = JSON.parse(attributes.panelsJSON) as Array<{
        embeddableConfig?: { attributes?: { references?: Array<{ id: string }> } };
      }>;
      for (const panel of panels) {
        for (const reference of panel.embeddableConfig?.attributes?.references ?? []) {
          reference.id = rename(reference.id);
        }
      }
      attributes.panelsJSON = JSON.stringify(panels);
    }
    return {
      ...object,
      id: rename(object.id),
      attributes,
      references: object.references.map((reference) => ({ ...reference, id: rename(reference.id) })),
    };
  });
}

const ImportResponse = z.object({
  success: z.boolean(),
  successCount: z.number(),
  successResults: z
    .array(
      z.looseObject({
        id: z.string(),
        type: z.string(),
        /** Set when Kibana gave the object another id (the id was taken in another space). */
        destinationId: z.string().optional(),
        meta: z.looseObject({ title: z.string().optional() }),
      }),
    )
    .default([]),
  errors: z
    .array(
      z.looseObject({
        id: z.string(),
        type: z.string(),
        title: z.string().optional(),
        meta: z.looseObject({ title: z.string().optional() }).optional(),
        error: z.looseObject({
          type: z.string(),
          message: z.string().optional(),
          references: z.array(z.object({ type: z.string(), id: z.string() })).optional(),
        }),
      }),
    )
    .default([]),
});

export async function setupKibana(options: {
  url: string;
  auth?: KibanaAuth;
  indexPrefix?: string;
  /** Told about each retry while Kibana is not there yet. */
  log?: Logger;
  /** Keep trying this long while Kibana is unreachable or still starting (503), e.g. in docker-compose. */
  waitMs?: number;
  dir?: string;
}): Promise<ImportSummary> {
  const url = options.url.replace(/\/+$/, "");
  const objects = withIndexPrefix(readSavedObjects(options.dir), options.indexPrefix ?? "");
  const ndjson = `${objects.map((object) => JSON.stringify(object)).join("\n")}\n`;
  const endpoint = `${url}/api/saved_objects/_import?overwrite=true`;
  const headers: Record<string, string> = { "kbn-xsrf": "newsmon" };
  if (options.auth && "apiKey" in options.auth) headers.authorization = `ApiKey ${options.auth.apiKey}`;
  else if (options.auth) {
    const { username, password } = options.auth;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }

  const deadline = Date.now() + (options.waitMs ?? 0);
  let response: Response;
  for (;;) {
    const form = new FormData();
    form.append("file", new Blob([ndjson], { type: "application/ndjson" }), "newsmon.ndjson");
    let failure: string;
    try {
      response = await fetch(endpoint, { method: "POST", headers, body: form });
      if (response.status !== 503) break;
      failure = `Kibana at ${url} is not ready (503): ${await response.text()}`;
    } catch (error) {
      failure = `Kibana at ${url} is not reachable: ${describeError(error)}`;
    }
    if (Date.now() >= deadline) throw new KibanaSetupError(failure);
    options.log?.warn({ kibanaUrl: url }, `${failure}; retrying`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }

  const body = await response.text();
  if (response.status === 401 || response.status === 403) {
    throw new KibanaSetupError(
      `Kibana at ${url} refused the request (${response.status}): ${body}. ` +
        "Set KIBANA_USERNAME and KIBANA_PASSWORD, or KIBANA_API_KEY, for a user allowed to manage saved objects.",
    );
  }
  if (!response.ok) {
    throw new KibanaSetupError(
      `Kibana at ${url} rejected the saved-objects import (${response.status}): ${body}`,
    );
  }
  let parsed: z.infer<typeof ImportResponse>;
  try {
    parsed = ImportResponse.parse(JSON.parse(body));
  } catch (error) {
    throw new KibanaSetupError(
      `Kibana at ${url} answered the import with something unexpected (${describeError(error)}): ${body.slice(0, 500)}`,
    );
  }
  if (!parsed.success || parsed.errors.length > 0) {
    const problems = parsed.errors.map((failed) => {
      const title = failed.title ?? failed.meta?.title ?? failed.id;
      const missing = failed.error.references
        ?.map((reference) => `${reference.type}/${reference.id}`)
        .join(", ");
      const detail = missing ? `missing references ${missing}` : (failed.error.message ?? "");
      return `${failed.type}/${failed.id} "${title}": ${failed.error.type}${detail ? ` (${detail})` : ""}`;
    });
    throw new KibanaSetupError(
      `Kibana at ${url} imported ${parsed.successCount} of ${objects.length} saved objects; ` +
        `not imported: ${problems.join("; ") || "(Kibana gave no details)"}`,
    );
  }

  const byType: Record<string, number> = {};
  for (const result of parsed.successResults) byType[result.type] = (byType[result.type] ?? 0) + 1;
  const imported = parsed.successResults.map((result) => ({
    type: result.type,
    id: result.destinationId ?? result.id,
    title: result.meta.title ?? result.id,
  }));
  const dashboard = imported.find((object) => object.type === "dashboard");
  return {
    url,
    imported: parsed.successCount,
    byType,
    objects: imported,
    dashboardUrl: dashboard
      ? `${url}/app/dashboards#/view/${encodeURIComponent(dashboard.id)}`
      : `${url}/app/home`,
  };
}

/** "Kibana at http://…: imported 7 saved objects (2 index-pattern, 2 search, 1 dashboard). Dashboard: …" */
export function describeImport(summary: ImportSummary): string {
  const types = Object.entries(summary.byType)
    .map(([type, count]) => `${count} ${type}`)
    .join(", ");
  return (
    `Kibana at ${summary.url}: imported ${summary.imported} saved objects (${types}), overwriting earlier versions. ` +
    `Dashboard: ${summary.dashboardUrl}`
  );
}
