// The Kibana saved objects in infra/kibana/ checked against what Kibana's saved-objects import API accepts
// (shape, known types, migration versions, references, the attribute sets Kibana's schemas allow) and against
// newsmon's own mappings (every field a panel or search uses exists); then `setupKibana` against a local HTTP
// server that checks the multipart request it receives and answers like Kibana does.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { estypes } from "@elastic/elasticsearch";
import { afterEach, describe, expect, it } from "vitest";
import {
  describeImport,
  kibanaFromEnv,
  readSavedObjects,
  setupKibana,
  withIndexPrefix,
} from "../../ops/kibana.ts";
import { AlertDocument } from "../../workers/alert/alerts-index.ts";
import { articleMapping } from "../../workers/index/articles-index.ts";
import { feedHealthProperties } from "../../workers/poll/feed-health-index.ts";
import { closedPort } from "./support.ts";

const objects = readSavedObjects();
const byId = new Map(objects.map((object) => [object.id, object]));

/** Attributes Kibana's schemas accept per type (unknown ones are refused on import). */
const allowedAttributes: Record<string, string[]> = {
  // data view saved object attributes
  "index-pattern": [
    "title",
    "name",
    "timeFieldName",
    "fields",
    "fieldAttrs",
    "sourceFilters",
    "fieldFormatMap",
    "type",
    "typeMeta",
    "allowNoIndex",
    "runtimeFieldMap",
    "allowHidden",
  ],
  // saved search schema 8.8.0
  search: [
    "title",
    "description",
    "columns",
    "sort",
    "grid",
    "rowHeight",
    "rowsPerPage",
    "hideChart",
    "breakdownField",
    "kibanaSavedObjectMeta",
    "isTextBasedQuery",
    "usesAdHocDataView",
    "timeRestore",
    "timeRange",
    "refreshInterval",
    "viewMode",
    "hideAggregatedPreview",
    "hits",
    "version",
  ],
  // dashboard schema v1 (8.9.0)
  dashboard: [
    "title",
    "description",
    "kibanaSavedObjectMeta",
    "timeRestore",
    "timeFrom",
    "timeTo",
    "refreshInterval",
    "controlGroupInput",
    "panelsJSON",
    "optionsJSON",
    "hits",
    "version",
  ],
};
/** The versions the migrations of these types were written against before Kibana moved to model versions. */
const latestLegacyVersion: Record<string, string> = {
  "index-pattern": "8.0.0",
  search: "8.0.0",
  dashboard: "8.9.0",
};

function semver(version: string): number[] {
  expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  return version.split(".").map(Number);
}
function atMost(version: string, limit: string): boolean {
  const [a, b] = [semver(version), semver(limit)];
  for (let index = 0; index < 3; index++) {
    if ((a[index] ?? 0) !== (b[index] ?? 0)) return (a[index] ?? 0) < (b[index] ?? 0);
  }
  return true;
}

/** Field paths of a mapping: "entities.person", "title.keyword", ... */
function fieldPaths(properties: Record<string, estypes.MappingProperty>, prefix = ""): Set<string> {
  const paths = new Set<string>();
  for (const [name, property] of Object.entries(properties)) {
    const path = `${prefix}${name}`;
    paths.add(path);
    const nested = (property as { properties?: Record<string, estypes.MappingProperty> }).properties;
    if (nested) for (const sub of fieldPaths(nested, `${path}.`)) paths.add(sub);
    const multi = (property as { fields?: Record<string, estypes.MappingProperty> }).fields;
    if (multi) for (const sub of Object.keys(multi)) paths.add(`${path}.${sub}`);
  }
  return paths;
}
const articleFields = fieldPaths(articleMapping({ analysisCommon: true }).properties);
const alertFields = new Set(Object.keys(AlertDocument.shape));
const feedFields = fieldPaths(feedHealthProperties);
/** The fields of the index behind each data view (by its title). */
const fieldsOfView: Record<string, Set<string>> = {
  "news-articles": articleFields,
  "newsmon-alerts": alertFields,
  "newsmon-feeds": feedFields,
};

interface LensColumn {
  operationType: string;
  sourceField?: string;
  params?: { orderBy?: { columnId?: string } };
}
interface Panel {
  type: string;
  panelIndex: string;
  panelRefName?: string;
  title?: string;
  gridData: { x: number; y: number; w: number; h: number; i: string };
  embeddableConfig: {
    attributes?: {
      references: Array<{ id: string; name: string; type: string }>;
      visualizationType: string;
      state: {
        visualization: {
          /** XY charts. */
          layers?: Array<{
            layerId: string;
            xAccessor?: string;
            splitAccessor?: string;
            accessors: string[];
          }>;
          /** Tables (lnsDatatable): one layer, its columns in display order. */
          layerId?: string;
          columns?: Array<{ columnId: string }>;
        };
        datasourceStates: {
          formBased: {
            layers: Record<string, { columns: Record<string, LensColumn>; columnOrder: string[] }>;
          };
        };
      };
    };
  };
}

describe("infra/kibana saved objects", () => {
  it("are saved objects of known types with unique ids and consistent migration versions", () => {
    expect(objects.length).toBeGreaterThanOrEqual(5);
    expect(new Set(objects.map((object) => object.id)).size).toBe(objects.length);
    for (const object of objects) {
      expect(Object.keys(allowedAttributes)).toContain(object.type);
      expect(object.coreMigrationVersion).toBe("8.8.0");
      expect(typeof object.typeMigrationVersion).toBe("string");
      expect(atMost(object.typeMigrationVersion as string, latestLegacyVersion[object.type] ?? "0.0.0")).toBe(
        true,
      );
      for (const key of Object.keys(object.attributes)) {
        expect(allowedAttributes[object.type], `${object.type}/${object.id}: attribute ${key}`).toContain(
          key,
        );
      }
      expect(object.attributes.title).toBeTruthy();
    }
  });

  it("have every reference resolve to an object of the referenced type in the files", () => {
    for (const object of objects) {
      expect(new Set(object.references.map((reference) => reference.name)).size).toBe(
        object.references.length,
      );
      for (const reference of object.references) {
        expect(byId.get(reference.id)?.type, `${object.id} -> ${reference.type}/${reference.id}`).toBe(
          reference.type,
        );
      }
    }
  });

  it("have data views on news-articles, newsmon-alerts and newsmon-feeds with @timestamp as time field", () => {
    const views = objects.filter((object) => object.type === "index-pattern");
    expect(views.map((view) => [view.attributes.title, view.attributes.timeFieldName]).sort()).toEqual([
      ["news-articles", "@timestamp"],
      ["newsmon-alerts", "@timestamp"],
      ["newsmon-feeds", "@timestamp"],
    ]);
    for (const view of views) {
      for (const key of ["fields", "fieldFormatMap", "runtimeFieldMap", "typeMeta"]) {
        const value = view.attributes[key];
        if (value !== undefined) expect(() => JSON.parse(value as string)).not.toThrow();
      }
    }
  });

  it("have the saved searches, on fields the indices have", () => {
    const searches = new Map(
      objects.filter((object) => object.type === "search").map((search) => [search.attributes.title, search]),
    );
    const mentions = searches.get("SCO or CPAFFC mentions");
    const alerts = searches.get("Alerts, last 7 days");
    expect(mentions && alerts).toBeTruthy();
    for (const [search, fields, index] of [
      [mentions, articleFields, "news-articles"],
      [alerts, alertFields, "newsmon-alerts"],
    ] as const) {
      if (!search) continue;
      const source = JSON.parse(
        (search.attributes.kibanaSavedObjectMeta as { searchSourceJSON: string }).searchSourceJSON,
      );
      const reference = search.references.find((ref) => ref.name === source.indexRefName);
      expect(byId.get(reference?.id ?? "")?.attributes.title).toBe(index);
      for (const column of search.attributes.columns as string[]) expect(fields, column).toContain(column);
      expect(fields).toContain((search.attributes.sort as string[][])[0]?.[0]);
      if (search === mentions)
        expect(source.query).toEqual({ query: "entities.watched:(sco OR cpaffc)", language: "kuery" });
    }
    expect(alerts?.attributes.timeRestore).toBe(true);
    expect(alerts?.attributes.timeRange).toEqual({ from: "now-7d", to: "now" });
  });

  it("have a dashboard whose panels are complete, referenced and on fields their indices have", () => {
    const dashboard = objects.find((object) => object.type === "dashboard");
    expect(dashboard).toBeTruthy();
    if (!dashboard) return;
    expect(() => JSON.parse(dashboard.attributes.optionsJSON as string)).not.toThrow();
    const panels = JSON.parse(dashboard.attributes.panelsJSON as string) as Panel[];
    const references = new Map(dashboard.references.map((reference) => [reference.name, reference]));
    expect(new Set(panels.map((panel) => panel.panelIndex)).size).toBe(panels.length);
    const charts: Array<{ x?: string; split?: string; view?: string }> = [];
    const tables: Array<{ view?: string; fields: Array<string | undefined> }> = [];
    let searchPanel: string | undefined;
    for (const panel of panels) {
      expect(panel.gridData.i).toBe(panel.panelIndex);
      expect(panel.gridData.x + panel.gridData.w).toBeLessThanOrEqual(48);
      if (panel.type === "search") {
        const reference = references.get(`${panel.panelIndex}:${panel.panelRefName}`);
        expect(reference?.type).toBe("search");
        searchPanel = byId.get(reference?.id ?? "")?.attributes.title;
        continue;
      }
      expect(panel.type).toBe("lens");
      const lens = panel.embeddableConfig.attributes;
      expect(lens).toBeTruthy();
      if (!lens) continue;
      const layers = lens.state.datasourceStates.formBased.layers;
      const viewOf = (layerId: string) =>
        byId.get(references.get(`${panel.panelIndex}:indexpattern-datasource-layer-${layerId}`)?.id ?? "")
          ?.attributes.title;
      for (const [layerId, layer] of Object.entries(layers)) {
        const name = `indexpattern-datasource-layer-${layerId}`;
        expect(references.get(`${panel.panelIndex}:${name}`)?.type).toBe("index-pattern");
        const fields = fieldsOfView[viewOf(layerId) ?? ""];
        expect(fields, `${panel.panelIndex}: data view ${viewOf(layerId)}`).toBeDefined();
        expect(lens.references.find((reference) => reference.name === name)?.id).toBe(
          references.get(`${panel.panelIndex}:${name}`)?.id,
        );
        expect([...layer.columnOrder].sort()).toEqual(Object.keys(layer.columns).sort());
        for (const column of Object.values(layer.columns)) {
          if (column.sourceField !== "___records___") expect(fields).toContain(column.sourceField);
          const orderBy = column.params?.orderBy?.columnId;
          if (orderBy) expect(layer.columns).toHaveProperty(orderBy);
        }
      }
      const { visualization } = lens.state;
      if (lens.visualizationType === "lnsDatatable") {
        const columns = layers[visualization.layerId ?? ""]?.columns ?? {};
        expect(visualization.columns?.length).toBeGreaterThan(0);
        for (const { columnId } of visualization.columns ?? []) expect(columns).toHaveProperty(columnId);
        tables.push({
          view: viewOf(visualization.layerId ?? ""),
          fields: (visualization.columns ?? []).map(({ columnId }) => columns[columnId]?.sourceField),
        });
        continue;
      }
      expect(lens.visualizationType).toBe("lnsXY");
      for (const layer of visualization.layers ?? []) {
        const columns = layers[layer.layerId]?.columns ?? {};
        for (const accessor of [layer.xAccessor, layer.splitAccessor, ...layer.accessors]) {
          if (accessor) expect(columns).toHaveProperty(accessor);
        }
        const field = (id?: string) => (id ? columns[id]?.sourceField : undefined);
        charts.push({
          x: field(layer.xAccessor),
          split: field(layer.splitAccessor),
          view: viewOf(layer.layerId),
        });
      }
    }
    // Mentions over time by watched entity; top people, organisations, places and sources; feed health;
    // alerts over time; latest alerts.
    expect(charts).toContainEqual({ x: "@timestamp", split: "entities.watched", view: "news-articles" });
    for (const field of ["entities.person", "entities.organization", "entities.place", "source"]) {
      expect(charts).toContainEqual({ x: field, split: undefined, view: "news-articles" });
    }
    expect(charts).toContainEqual({ x: "@timestamp", split: "ruleName", view: "newsmon-alerts" });
    expect(tables).toEqual([
      {
        view: "newsmon-feeds",
        fields: [
          "feedName",
          "consecutiveFailures",
          "lastSuccessAt",
          "lastError.keyword",
          "lastErrorAt",
          "itemsPerDay",
          "medianDelaySeconds",
          "itemsSeen",
        ],
      },
    ]);
    expect(searchPanel).toBe("Alerts, last 7 days");
    // Every dashboard reference is used by a panel.
    const used = panels.flatMap((panel) => [
      ...(panel.panelRefName ? [`${panel.panelIndex}:${panel.panelRefName}`] : []),
      ...(panel.embeddableConfig.attributes?.references ?? []).map(
        (ref) => `${panel.panelIndex}:${ref.name}`,
      ),
    ]);
    expect([...references.keys()].sort()).toEqual(used.sort());
  });

  it("point at prefixed indices and carry prefixed ids with an index prefix", () => {
    const prefixed = withIndexPrefix(objects, "t1-");
    const ids = new Set(prefixed.map((object) => object.id));
    expect([...ids].every((id) => id.startsWith("t1-"))).toBe(true);
    for (const object of prefixed) {
      for (const reference of object.references) expect(ids).toContain(reference.id);
    }
    const titles = prefixed
      .filter((object) => object.type === "index-pattern")
      .map((view) => view.attributes.title);
    expect(titles.sort()).toEqual(["t1-news-articles", "t1-newsmon-alerts", "t1-newsmon-feeds"]);
    const dashboard = prefixed.find((object) => object.type === "dashboard");
    const inline = (JSON.parse(dashboard?.attributes.panelsJSON as string) as Panel[]).flatMap(
      (panel) => panel.embeddableConfig.attributes?.references ?? [],
    );
    expect(inline.length).toBeGreaterThan(0);
    for (const reference of inline) expect(ids).toContain(reference.id);
    expect(withIndexPrefix(objects, "")).toEqual(objects);
  });
});

describe("setupKibana", () => {
  let kibana: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => kibana?.close(resolve) ?? resolve(undefined));
    kibana = undefined;
  });

  interface Received {
    method: string;
    path: string;
    overwrite: string | null;
    headers: IncomingMessage["headers"];
    fileName?: string;
    fileType?: string;
    lines: Array<{ id: string; type: string; attributes: { title: string } }>;
  }

  /** A stand-in for Kibana's import endpoint: parses the multipart upload and answers with `answer`. */
  async function fakeKibana(
    answer: (received: Received) => { status: number; body: unknown },
  ): Promise<{ url: string; received: Received[] }> {
    const received: Received[] = [];
    kibana = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const url = new URL(request.url ?? "/", "http://kibana");
      const form = await new Request(url, {
        method: request.method ?? "GET",
        headers: request.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      }).formData();
      const file = form.get("file");
      const text = file instanceof File ? await file.text() : "";
      const entry: Received = {
        method: request.method ?? "",
        path: url.pathname,
        overwrite: url.searchParams.get("overwrite"),
        headers: request.headers,
        ...(file instanceof File ? { fileName: file.name, fileType: file.type } : {}),
        lines: text
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line)),
      };
      received.push(entry);
      const { status, body } = answer(entry);
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => kibana?.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(kibana.address() as AddressInfo).port}`, received };
  }

  const success = (received: Received) => ({
    status: 200,
    body: {
      success: true,
      successCount: received.lines.length,
      warnings: [],
      successResults: received.lines.map((line) => ({
        type: line.type,
        id: line.id,
        meta: { title: line.attributes.title, icon: "app" },
        overwrite: true,
        managed: false,
      })),
    },
  });

  it("uploads every saved object as a multipart NDJSON file and reports what was imported", async () => {
    const { url, received } = await fakeKibana(success);
    const summary = await setupKibana({ url, auth: { username: "elastic", password: "changeme" } });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/api/saved_objects/_import");
    expect(request?.overwrite).toBe("true");
    expect(request?.headers["kbn-xsrf"]).toBeTruthy();
    expect(request?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from("elastic:changeme").toString("base64")}`,
    );
    expect(request?.fileName).toMatch(/\.ndjson$/);
    expect(request?.lines).toEqual(objects);
    expect(summary.imported).toBe(objects.length);
    expect(summary.byType).toEqual({ "index-pattern": 3, search: 2, dashboard: 1 });
    expect(summary.dashboardUrl).toBe(`${url}/app/dashboards#/view/newsmon-overview`);
    expect(describeImport(summary)).toBe(
      `Kibana at ${url}: imported 6 saved objects (3 index-pattern, 2 search, 1 dashboard), overwriting earlier versions. ` +
        `Dashboard: ${url}/app/dashboards#/view/newsmon-overview`,
    );
  });

  it("links the dashboard under the id Kibana gave it", async () => {
    const { url } = await fakeKibana((received) => {
      const answer = success(received);
      for (const result of answer.body.successResults) {
        if (result.type === "dashboard") Object.assign(result, { destinationId: "0c4e1f9a-copy" });
      }
      return answer;
    });
    const summary = await setupKibana({ url: `${url}/s/news` });
    expect(summary.dashboardUrl).toBe(`${url}/s/news/app/dashboards#/view/0c4e1f9a-copy`);
  });

  it("sends an API key and the prefixed objects when asked to", async () => {
    const { url, received } = await fakeKibana(success);
    await setupKibana({ url, auth: { apiKey: "a2V5OnNlY3JldA==" }, indexPrefix: "t1-" });
    expect(received[0]?.headers.authorization).toBe("ApiKey a2V5OnNlY3JldA==");
    expect(received[0]?.lines.map((line) => line.id).every((id) => id.startsWith("t1-"))).toBe(true);
  });

  it("names the URL and Kibana's message when the credentials are refused", async () => {
    const { url } = await fakeKibana(() => ({
      status: 401,
      body: {
        statusCode: 401,
        error: "Unauthorized",
        message: "[security_exception]: unable to authenticate user",
      },
    }));
    await expect(setupKibana({ url })).rejects.toThrow(
      new RegExp(
        `Kibana at ${url} refused the request \\(401\\): .*unable to authenticate user.*KIBANA_USERNAME`,
      ),
    );
  });

  it("lists the objects Kibana did not import and why", async () => {
    const { url } = await fakeKibana((received) => {
      const dashboard = received.lines.find((line) => line.type === "dashboard");
      return {
        status: 200,
        body: {
          success: false,
          successCount: received.lines.length - 1,
          errors: [
            {
              id: dashboard?.id,
              type: "dashboard",
              title: dashboard?.attributes.title,
              meta: { title: dashboard?.attributes.title, icon: "dashboardApp" },
              error: { type: "missing_references", references: [{ type: "search", id: "gone" }] },
            },
          ],
          warnings: [],
        },
      };
    });
    await expect(setupKibana({ url })).rejects.toThrow(
      `Kibana at ${url} imported 5 of 6 saved objects; not imported: dashboard/newsmon-overview "newsmon overview": missing_references (missing references search/gone)`,
    );
  });

  it("passes on Kibana's error body for a rejected request", async () => {
    const { url } = await fakeKibana(() => ({
      status: 415,
      body: { statusCode: 415, error: "Unsupported Media Type", message: "Unsupported Media Type" },
    }));
    await expect(setupKibana({ url })).rejects.toThrow(
      `Kibana at ${url} rejected the saved-objects import (415): {"statusCode":415,"error":"Unsupported Media Type","message":"Unsupported Media Type"}`,
    );
  });

  it("says where it looked when nothing answers", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    await expect(setupKibana({ url })).rejects.toThrow(
      new RegExp(`Kibana at ${url} is not reachable: .*ECONNREFUSED`),
    );
  });

  it("waits for a Kibana that is still starting when told to", async () => {
    let calls = 0;
    const { url } = await fakeKibana((received) => {
      calls += 1;
      return calls === 1
        ? {
            status: 503,
            body: { statusCode: 503, error: "Service Unavailable", message: "Kibana is not ready" },
          }
        : success(received);
    });
    const summary = await setupKibana({ url, waitMs: 30_000 });
    expect(calls).toBe(2);
    expect(summary.imported).toBe(6);
  });

  it("reads the target from the environment", () => {
    expect(kibanaFromEnv({})).toEqual({ url: "http://127.0.0.1:5601" });
    expect(kibanaFromEnv({ KIBANA_URL: "https://kb:5601/", KIBANA_API_KEY: "k" })).toEqual({
      url: "https://kb:5601",
      auth: { apiKey: "k" },
    });
    expect(kibanaFromEnv({ KIBANA_USERNAME: "elastic", KIBANA_PASSWORD: "pw" })).toEqual({
      url: "http://127.0.0.1:5601",
      auth: { username: "elastic", password: "pw" },
    });
  });
});
