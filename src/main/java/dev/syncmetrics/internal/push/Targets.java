package dev.syncmetrics.internal.push;

/**
 * Where reports go.
 *
 * <pre>{@code
 * Targets targets = new Targets(webhookSink, 8, null);   // webhook only
 * }</pre>
 *
 * @param webhook null when the webhook is off
 * @param webhookConcurrency webhook requests in flight at once
 * @param pushgateway null when pushing is off
 */
public record Targets(WebhookSink webhook, int webhookConcurrency, PushgatewaySink pushgateway) {}
