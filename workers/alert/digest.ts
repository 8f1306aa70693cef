// Per-rule digests: a rule with `digest: 15m` does not deliver each alert at once. Its alerts (still written to
// the alerts index at once, with deliveries pending) are collected in Redis, and one message per period lists
// what came in. The schedule lives in Redis, so any process running the alert stage may send a due digest, and
// exactly one does (whoever removes it from the schedule).
import type { AlertChannel } from "../../config/schema.ts";
import type { WatchRule } from "../../config/watchlist-schema.ts";
import { describeError } from "../../lib/errors.ts";
import type { Deps } from "../deps.ts";
import { AlertDocument, type Delivery } from "./alerts-index.ts";
import { deliverDigest } from "./channels.ts";

const keys = (prefix: string, ruleId: string) => ({
  due: `${prefix}:digest:due`,
  items: `${prefix}:digest:${ruleId}:items`,
});

/** Adds an alert to its rule's next digest, scheduling that digest one period from now if none is pending. */
export async function addToDigest(deps: Deps, rule: WatchRule, alertId: string): Promise<void> {
  const key = keys(deps.keyPrefix, rule.id);
  await deps.redis
    .multi()
    .rpush(key.items, alertId)
    .zadd(key.due, "NX", String(Date.now() + (rule.digest ?? 0)), rule.id)
    .exec();
}

/** Sends the digests that are due, every second, until stopped. */
export function startDigestSender(deps: Deps): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sendDueDigests(deps)
      .catch((error) => deps.log.error({ err: describeError(error) }, "sending digests failed"))
      .finally(() => {
        running = false;
      });
  }, 1000);
  return () => clearInterval(timer);
}

async function sendDueDigests(deps: Deps): Promise<void> {
  const due = await deps.redis.zrangebyscore(keys(deps.keyPrefix, "").due, "0", String(Date.now()));
  for (const ruleId of due) {
    const key = keys(deps.keyPrefix, ruleId);
    // Only the process that takes the entry off the schedule sends this digest.
    if ((await deps.redis.zrem(key.due, ruleId)) !== 1) continue;
    const [[, alertIds]] = ((await deps.redis.multi().lrange(key.items, 0, -1).del(key.items).exec()) ??
      []) as [[unknown, string[]]];
    const rule = deps.live.watchlist.rules.find((candidate) => candidate.id === ruleId);
    if (!rule || alertIds.length === 0) continue;
    await sendDigest(deps, rule, alertIds);
  }
}

async function sendDigest(deps: Deps, rule: WatchRule, alertIds: string[]): Promise<void> {
  const response = await deps.es.mget<AlertDocument>({ index: deps.names.alerts, ids: alertIds });
  const alerts = response.docs.flatMap((doc) =>
    "found" in doc && doc.found && doc._source ? [AlertDocument.parse(doc._source)] : [],
  );
  const channels = deps.loaded.config.alerts.channels.filter(
    (channel) => !rule.channels || rule.channels.includes(channel.name),
  );
  const outcomes = new Map<string, string | null>();
  await Promise.all(
    channels.map(async (channel: AlertChannel) => {
      try {
        await deliverDigest(channel, rule, alerts, deps.http, deps.log);
        outcomes.set(channel.name, null);
      } catch (error) {
        outcomes.set(channel.name, describeError(error));
      }
    }),
  );
  const at = new Date().toISOString();
  const operations = alerts.flatMap((alert) => {
    const deliveries: Delivery[] = alert.deliveries.map((delivery) => {
      if (!outcomes.has(delivery.channel)) return delivery;
      const error = outcomes.get(delivery.channel) ?? null;
      return {
        ...delivery,
        status: error ? "failed" : "delivered",
        attempts: delivery.attempts + 1,
        error,
        at,
      };
    });
    const delivered = deliveries.filter((delivery) => delivery.status === "delivered").length;
    const status = delivered === deliveries.length ? "delivered" : delivered === 0 ? "failed" : "partial";
    return [{ index: { _index: deps.names.alerts, _id: alert.alertId } }, { ...alert, deliveries, status }];
  });
  if (operations.length > 0) await deps.es.bulk({ operations });
  deps.log.info({ rule: rule.id, alerts: alerts.length }, `digest of "${rule.name}" sent`);
}
