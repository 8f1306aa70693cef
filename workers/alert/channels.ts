// Alert channels: where a firing goes. Each delivery is independent: a failing webhook does not keep the log
// (or another webhook) from getting the alert, and its failure is recorded on the alert document.
import type { AlertChannel } from "../../config/schema.ts";
import type { HttpClient } from "../../lib/http.ts";
import type { Logger } from "../../lib/log.ts";
import type { AlertDocument } from "./alerts-index.ts";

/** The JSON body a webhook receives. */
export function webhookPayload(alert: AlertDocument) {
  return {
    alertId: alert.alertId,
    firedAt: alert["@timestamp"],
    rule: { id: alert.ruleId, name: alert.ruleName },
    article: {
      id: alert.articleId,
      revision: alert.revision,
      title: alert.title,
      url: alert.url,
      source: alert.source,
      feed: alert.feed,
      publishedAt: alert.publishedAt,
      watchedEntities: alert.watched,
    },
  };
}

export async function deliver(
  channel: AlertChannel,
  alert: AlertDocument,
  http: HttpClient,
  log: Logger,
): Promise<void> {
  switch (channel.type) {
    case "log":
      log.info(
        { alertId: alert.alertId, rule: alert.ruleId, articleId: alert.articleId, url: alert.url },
        `ALERT ${alert.ruleName}: ${alert.title ?? alert.url}`,
      );
      return;
    case "webhook": {
      const status = await http.postJson(
        channel.url,
        webhookPayload(alert),
        channel.headers,
        channel.timeout,
      );
      if (status < 200 || status >= 300) throw new Error(`webhook ${channel.url} answered HTTP ${status}`);
      return;
    }
  }
}
