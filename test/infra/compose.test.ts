// No Docker engine runs here, so docker-compose.yml and the Dockerfile are checked with what can run: their
// structure, the health checks and volumes users rely on, versions in step with the local services, and that
// every path the Dockerfile copies and every command the compose file runs exists in the repository.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../support/harness.ts";

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(path.join(repoRoot, "docker-compose.yml"), "utf8")) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const dockerfile = readFileSync(path.join(repoRoot, "Dockerfile"), "utf8");
const servicesScript = readFileSync(path.join(repoRoot, "infra", "services.sh"), "utf8");

describe("docker-compose.yml", () => {
  it("runs Redis, Elasticsearch, Kibana, the Kibana setup and newsmon", () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      "elasticsearch",
      "kibana",
      "kibana-setup",
      "newsmon",
      "redis",
    ]);
  });

  it("gives every long-running service a health check and the data services a volume", () => {
    for (const name of ["redis", "elasticsearch", "kibana", "newsmon"]) {
      expect(compose.services[name]?.healthcheck?.test.length, name).toBeGreaterThan(0);
    }
    expect(compose.services.redis?.volumes?.[0]).toMatch(/^redis-data:/);
    expect(compose.services.elasticsearch?.volumes?.[0]).toMatch(/^es-data:/);
    expect(Object.keys(compose.volumes).sort()).toEqual(["es-data", "redis-data"]);
  });

  it("keeps Redis persistent and Elasticsearch and Kibana on the version the local scripts run", () => {
    expect(compose.services.redis?.command).toContain("--appendonly");
    const localVersion = /NEWSMON_ES_VERSION:-([0-9.]+)/.exec(servicesScript)?.[1];
    expect(localVersion).toMatch(/^9\./);
    expect(compose.services.elasticsearch?.image).toBe(
      `docker.elastic.co/elasticsearch/elasticsearch:${localVersion}`,
    );
    expect(compose.services.kibana?.image).toBe(`docker.elastic.co/kibana/kibana:${localVersion}`);
  });

  it("starts newsmon and the Kibana setup only after what they need is healthy, with commands the CLI has", () => {
    expect(compose.services.newsmon?.depends_on).toEqual({
      redis: { condition: "service_healthy" },
      elasticsearch: { condition: "service_healthy" },
    });
    expect(compose.services["kibana-setup"]?.depends_on).toEqual({
      kibana: { condition: "service_healthy" },
    });
    const cli = readFileSync(path.join(repoRoot, "cli", "main.ts"), "utf8");
    for (const name of ["newsmon", "kibana-setup"]) {
      const command = compose.services[name]?.command?.[0];
      expect(cli, `${name} runs "${command}"`).toContain(`.command("${command}")`);
    }
    expect(compose.services.newsmon?.environment?.REDIS_URL).toBe("redis://redis:6379");
    expect(compose.services.newsmon?.environment?.ELASTICSEARCH_URL).toBe("http://elasticsearch:9200");
  });
});

describe("Dockerfile", () => {
  it("builds on Node 24 and copies only paths that exist", () => {
    expect(dockerfile).toMatch(/^FROM node:24/m);
    const copied = [...dockerfile.matchAll(/^COPY (\S+)(?: (\S+))? \S+$/gm)].flatMap((match) =>
      match.slice(1).filter(Boolean),
    );
    expect(copied.length).toBeGreaterThan(5);
    for (const source of copied) expect(existsSync(path.join(repoRoot, source as string)), source).toBe(true);
    // What newsmon imports at run time must be in the image.
    for (const folder of ["cli", "config", "lib", "ops", "queues", "workers"])
      expect(dockerfile).toContain(`COPY ${folder} `);
  });
});
