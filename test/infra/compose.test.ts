// No Docker engine runs here, so docker-compose.yml and the Dockerfile are checked with what can run: their
// structure, the health checks and volumes users rely on, versions in step with the local services, that every
// path the Dockerfile copies and every command the compose file runs exists in the repository, and what makes
// compose usable: no variable that every command requires, one image build, no fixed host port for a service
// that may be scaled, a config that reads real feeds, and a build context without caches and data.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig } from "../../config/load.ts";
import { repoRoot } from "../support/harness.ts";

interface ComposeService {
  image?: string;
  build?: string;
  pull_policy?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

const composeText = readFileSync(path.join(repoRoot, "docker-compose.yml"), "utf8");
const compose = parse(composeText) as {
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

describe("docker-compose.yml for every command and for scaling", () => {
  it("requires no variable: the `:?` form would break every compose command while it is unset", () => {
    expect(composeText).not.toMatch(/\$\{[A-Z_]+:?\?/);
    // The ops password stays optional; newsmon itself refuses to serve the dashboard beyond loopback without it.
    expect(compose.services.newsmon?.environment?.NEWSMON_OPS_PASSWORD).toBe(`\${NEWSMON_OPS_PASSWORD:-}`);
    expect(compose.services.newsmon?.environment?.NEWSMON_OPS_HOST).toBe(`\${NEWSMON_OPS_HOST:-127.0.0.1}`);
  });

  it("builds newsmon's image once and runs it for the Kibana setup too", () => {
    const built = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);
    expect(built.map(([name]) => name)).toEqual(["newsmon"]);
    const image = compose.services.newsmon?.image;
    expect(image).toBeTruthy();
    expect(compose.services["kibana-setup"]?.image).toBe(image);
    expect(compose.services["kibana-setup"]?.pull_policy).toBe("never");
  });

  it("gives newsmon no fixed host port, so `--scale newsmon=3` does not collide", () => {
    const ports = compose.services.newsmon?.ports ?? [];
    expect(ports.length).toBeGreaterThan(0);
    // "[host_ip:]:container_port": the host port left for Docker to choose.
    for (const port of ports) expect(port).toMatch(/^(127\.0\.0\.1:)?:8090$|^8090$/);
  });

  it("reads a config whose feeds are real, not the demo's fixture site on the container's loopback", () => {
    const inContainer = compose.services.newsmon?.environment?.NEWSMON_CONFIG ?? "";
    expect(inContainer).toMatch(/^\/app\/config\//);
    expect(compose.services.newsmon?.volumes).toContain("./config:/app/config:ro");
    const onHost = path.join(repoRoot, "config", path.basename(inContainer));
    expect(dockerfile).toContain(`NEWSMON_CONFIG=${inContainer}`);
    const loaded = loadConfig(onHost);
    expect(loaded.notices).toEqual([]);
    expect(loaded.config.feeds.length).toBeGreaterThan(0);
    for (const feed of loaded.config.feeds) {
      expect(new URL(feed.url).hostname, feed.id).not.toMatch(/^(127\.|localhost$|\[::1\]$|0\.0\.0\.0$)/);
    }
    expect(loaded.config.fetch.allowPrivateHosts).toEqual([]);
  });

  it("keeps dependencies, caches, data, history and logs out of the build context", () => {
    const ignored = readFileSync(path.join(repoRoot, ".dockerignore"), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"));
    for (const entry of ["node_modules", ".cache", ".data", ".git", "*.log"])
      expect(ignored).toContain(entry);
    // What the image copies must not be ignored.
    for (const copied of ["cli", "config", "lib", "ops", "queues", "workers", "infra", "test"]) {
      expect(
        ignored.some((entry) => entry === copied || entry === `${copied}/`),
        copied,
      ).toBe(false);
    }
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
