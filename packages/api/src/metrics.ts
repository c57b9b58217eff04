import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics (SPEC §3 of the API issue): one registry per server instance. */
export function createMetrics() {
  const registry = new Registry();
  const requests = new Counter({
    name: 'lifeline_requests_total',
    help: 'tRPC calls by procedure and outcome',
    labelNames: ['procedure', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'lifeline_request_duration_seconds',
    help: 'tRPC call latency by procedure',
    labelNames: ['procedure'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const verifications = new Counter({
    name: 'lifeline_verifications_total',
    help: 'Caller verifications by method and outcome',
    labelNames: ['method', 'outcome'] as const,
    registers: [registry],
  });
  const actions = new Counter({
    name: 'lifeline_actions_total',
    help: 'Support actions by kind and outcome (succeeded, or the refusal reason)',
    labelNames: ['action', 'outcome'] as const,
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: 'lifeline_job_runs_total',
    help: 'Scheduler job runs by job and outcome',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  const jobChanges = new Counter({
    name: 'lifeline_job_changes_total',
    help: 'Rows changed by scheduler jobs',
    labelNames: ['job'] as const,
    registers: [registry],
  });
  const outboxBacklog = new Gauge({
    name: 'lifeline_outbox_backlog',
    help: 'Outbox emails not yet sent, by status',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const webhookAttempts = new Counter({
    name: 'lifeline_webhook_attempts_total',
    help: 'Webhook delivery attempts by outcome: delivered, retrying, failed (given up), disabled (the breaker tripped)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const auditHeadId = new Gauge({
    name: 'lifeline_audit_head_id',
    help: 'Id of the newest audit event, read at each scheduler pass: it never goes down',
    registers: [registry],
  });
  return {
    registry,
    requests,
    latency,
    verifications,
    actions,
    jobRuns,
    jobChanges,
    outboxBacklog,
    webhookAttempts,
    auditHeadId,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
