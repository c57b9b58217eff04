import {
  createWebhookInput,
  replayWebhookInput,
  updateWebhookInput,
  webhookDeliveriesInput,
  webhookEndpointInput,
} from '../schemas.ts';
import {
  createWebhook,
  replayWebhookDelivery,
  rotateWebhookSecret,
  sendWebhookTest,
  updateWebhook,
  webhookDeliveries,
  webhookList,
} from '../services/webhooks.ts';
import { router, staffProcedure } from '../trpc.ts';

/** Webhook endpoints and their delivery log (issue 14): admins only. */
export const webhooksRouter = router({
  list: staffProcedure
    .meta({ access: 'webhooks.manage' })
    .query(({ ctx }) => webhookList(ctx.deps)),

  create: staffProcedure
    .meta({ access: 'webhooks.manage', audit: 'webhook.create' })
    .input(createWebhookInput)
    .mutation(({ ctx, input }) => createWebhook(ctx.deps, ctx.staff, input)),

  update: staffProcedure
    .meta({ access: 'webhooks.manage', audit: 'webhook.update' })
    .input(updateWebhookInput)
    .mutation(({ ctx, input }) => updateWebhook(ctx.deps, ctx.staff, input)),

  rotateSecret: staffProcedure
    .meta({ access: 'webhooks.manage', audit: 'webhook.rotate_secret' })
    .input(webhookEndpointInput)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.deps, ctx.staff, input)),

  sendTest: staffProcedure
    .meta({ access: 'webhooks.manage', audit: 'webhook.send_test' })
    .input(webhookEndpointInput)
    .mutation(({ ctx, input }) => sendWebhookTest(ctx.deps, ctx.staff, input)),

  deliveries: staffProcedure
    .meta({ access: 'webhooks.manage' })
    .input(webhookDeliveriesInput)
    .query(({ ctx, input }) => webhookDeliveries(ctx.deps, input ?? {})),

  replay: staffProcedure
    .meta({ access: 'webhooks.manage', audit: 'webhook.replay' })
    .input(replayWebhookInput)
    .mutation(({ ctx, input }) => replayWebhookDelivery(ctx.deps, ctx.staff, input)),
});
