// Alert channels: where a firing goes (a log line, a webhook in JSON or Slack's format, an e-mail over SMTP). Each delivery is independent: a failing webhook does not keep the log
// (or another webhook) from getting the alert, and its failure is recorded on the alert document.
import { createTransport } from "nodemailer";
import type { AlertChannel } from "../../config/schema.ts";
import type { WatchRule } from "../../config/watchlist-schema.ts";
import type { HttpClient } from "../../lib/http.ts";
import type { Logger } from "../../lib/log.ts";
import type { AlertDocument } from "./alerts-index.ts";

/**
 * Every delivery of an alert carries its id as an idempotency key (the `Idempotency-Key` header of webhooks, the
 * `idempotencyKey` field of the JSON body, the e-mail's Message-ID). Deliveries are at least once: a process
 * killed after a POST and before recording it posts again on retry, and the key lets the receiver drop the repeat.
 */
export const idempotencyHeader = "Idempotency-Key";

/** The JSON body a webhook receives. */
export function webhookPayload(alert: AlertDocument) {
  return {
    alertId: alert.alertId,
    idempotencyKey: alert.alertId,
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
      snippet: alert.snippet,
    },
  };
}

/** Text inside a Slack message: its control characters `&`, `<`, `>` escaped, so no title makes a link or a
 * mention (`<!channel>`). */
export function slackText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** `<url|label>`; a "|" in the URL would end it early. */
function slackLink(url: string, label: string): string {
  return `<${slackText(url).replaceAll("|", "%7C")}|${slackText(label)}>`;
}

/** A Slack-compatible message (incoming webhooks, Mattermost, Rocket.Chat accept the same `text`). */
export function slackPayload(alert: AlertDocument) {
  const title = alert.title ?? alert.url;
  const text = `*${slackText(alert.ruleName)}*: ${slackLink(alert.url, title)} (${slackText(alert.source)})`;
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: `published ${alert.publishedAt ?? "undated"} · watched: ${slackText(alert.watched.join(", ")) || "none"}`,
          },
        ],
      },
      // Slack's bold is *single*; the snippet's mark is **double**.
      ...(alert.snippet
        ? [
            {
              type: "section",
              text: { type: "mrkdwn", text: `> ${slackText(alert.snippet).replaceAll("**", "*")}` },
            },
          ]
        : []),
    ],
  };
}

function smtpTransport(channel: Extract<AlertChannel, { type: "email" }>) {
  return createTransport({
    host: channel.host,
    port: channel.port,
    secure: channel.secure,
    connectionTimeout: channel.timeout,
    greetingTimeout: channel.timeout,
    socketTimeout: channel.timeout,
    ...(channel.user ? { auth: { user: channel.user, pass: process.env.NEWSMON_SMTP_PASSWORD ?? "" } } : {}),
  });
}

/** The e-mail of an alert: plain text, subject `[newsmon] <rule>: <title>`. */
export function emailMessage(alert: AlertDocument): { subject: string; text: string } {
  const title = alert.title ?? alert.url;
  const lines = [
    `${alert.ruleName}: ${title}`,
    "",
    alert.url,
    `source: ${alert.source} (feed ${alert.feed})`,
    `published: ${alert.publishedAt ?? "undated"}`,
    `watched entities: ${alert.watched.join(", ") || "none"}`,
    ...(alert.snippet ? ["", `  ${alert.snippet}`] : []),
    "",
    `alert ${alert.alertId}, fired ${alert["@timestamp"]}`,
  ];
  return { subject: `[newsmon] ${alert.ruleName}: ${title}`, text: `${lines.join("\n")}\n` };
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
        {
          alertId: alert.alertId,
          rule: alert.ruleId,
          articleId: alert.articleId,
          url: alert.url,
          watched: alert.watched,
          snippet: alert.snippet,
        },
        `ALERT ${alert.ruleName}: ${alert.title ?? alert.url}`,
      );
      return;
    case "email": {
      const transport = smtpTransport(channel);
      try {
        await transport.sendMail({
          from: channel.from,
          to: channel.to,
          messageId: `<${alert.alertId}@newsmon>`,
          ...emailMessage(alert),
        });
      } finally {
        transport.close();
      }
      return;
    }
    case "webhook": {
      const body = channel.format === "slack" ? slackPayload(alert) : webhookPayload(alert);
      const headers = { ...channel.headers, [idempotencyHeader]: alert.alertId };
      const status = await http.postJson(channel.url, body, headers, channel.timeout);
      if (status < 200 || status >= 300) throw new Error(`webhook ${channel.url} answered HTTP ${status}`);
      return;
    }
  }
}

/** One message listing a rule's alerts of the period, on any channel. */
export async function deliverDigest(
  channel: AlertChannel,
  rule: WatchRule,
  alerts: AlertDocument[],
  http: HttpClient,
  log: Logger,
): Promise<void> {
  const heading = `${rule.name}: ${alerts.length} new article(s)`;
  const lines = alerts.map((alert) => `- ${alert.title ?? alert.url} (${alert.source}) ${alert.url}`);
  switch (channel.type) {
    case "log":
      log.info({ rule: rule.id, alerts: alerts.map((alert) => alert.alertId) }, `DIGEST ${heading}`);
      return;
    case "email": {
      const transport = smtpTransport(channel);
      try {
        await transport.sendMail({
          from: channel.from,
          to: channel.to,
          subject: `[newsmon] ${heading}`,
          text: `${heading}\n\n${lines.join("\n")}\n`,
        });
      } finally {
        transport.close();
      }
      return;
    }
    case "webhook": {
      const body =
        channel.format === "slack"
          ? {
              text: `*${slackText(heading)}*\n${alerts.map((alert) => `• ${slackLink(alert.url, alert.title ?? alert.url)} (${slackText(alert.source)})`).join("\n")}`,
            }
          : { digest: { rule: { id: rule.id, name: rule.name }, alerts: alerts.map(webhookPayload) } };
      const status = await http.postJson(channel.url, body, channel.headers, channel.timeout);
      if (status < 200 || status >= 300) throw new Error(`webhook ${channel.url} answered HTTP ${status}`);
      return;
    }
  }
}
