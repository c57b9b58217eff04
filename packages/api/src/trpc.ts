import { countFactorsOfStaff, DatabaseBusyError } from '@lifeline/db';
import { type AuditAction, type Capability, can, DomainError } from '@lifeline/domain';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { Context, StepUpRecord } from './context.ts';
import { reasonOf, toTRPCError } from './error-map.ts';
import { recordRefusal } from './services/audited-change.ts';
import { requireStepUp } from './services/second-factor.ts';

/**
 * Who may call a procedure: a capability of the domain's role matrix, or 'signed_in' for the
 * few that any staff member may call about themselves. A staff procedure without it is
 * refused to everyone (deny by default).
 */
export interface Meta {
  access?: Capability | 'signed_in';
  /**
   * What a state-changing procedure is audited as. Every mutation but sign-in declares one
   * (a test holds every procedure to it), and its role refusals are audited under it.
   */
  audit?: AuditAction;
  /**
   * What a session still owing its second factor may call (SPEC §13; deny by default): `verify`
   * — pass one (and who am I, sign out); `enrol` — enrol a first factor, only while the staff
   * member has none. Every other procedure refuses a pending session.
   */
  pending?: 'verify' | 'enrol';
  /**
   * A sensitive action (SPEC §13): it needs a second factor or provider sign-in within the last
   * 5 minutes (STEP_UP_REQUIRED otherwise); the step-up is passed to the service for its audit.
   */
  stepUp?: true;
}

/**
 * What a refusal tells the console beyond its reason, picked field by field from the domain
 * error (its other details stay on the server): when a limit lifts (`retryAt`, epoch ms) and
 * which input field was refused (`field`), so the console can say "until 14:05" or mark the field.
 */
function refusalDetails(error: TRPCError): { retryAt?: number; field?: string } {
  const cause = error.cause;
  if (!(cause instanceof DomainError)) return {};
  const { retryAt, field } = cause.details;
  const at =
    typeof retryAt === 'number' ? retryAt : typeof retryAt === 'string' ? Date.parse(retryAt) : NaN;
  return {
    ...(Number.isFinite(at) ? { retryAt: at } : {}),
    ...(typeof field === 'string' ? { field } : {}),
  };
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    // Never put stacks in responses, whatever NODE_ENV says.
    isDev: false,
    errorFormatter({ shape, error, ctx }) {
      const reason = reasonOf(error);
      const internal = error.code === 'INTERNAL_SERVER_ERROR';
      const invalid = error.cause instanceof ZodError ? error.cause : undefined;
      return {
        message: internal
          ? `Something went wrong on our side (reference ${ctx?.requestId ?? 'unknown'}).`
          : invalid
            ? `Invalid input: ${invalid.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`
            : shape.message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          reason,
          requestId: ctx?.requestId,
          ...refusalDetails(error),
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure: DomainErrors become typed tRPC errors; each call is logged and measured
 * (procedure, staff, duration, outcome — never its input).
 */
const observed = t.procedure.use(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const result = await next();
  const seconds = (performance.now() - started) / 1000;
  let outcome = 'ok';
  if (!result.ok) {
    const cause = result.error.cause;
    // Another process held the database's write lock past the deadline: nothing was written,
    // and trying again in a moment is the answer (503), not a bug (500).
    if (cause instanceof DatabaseBusyError) {
      logCall(ctx, path, type, seconds, 'DATABASE_BUSY');
      throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: cause.message, cause });
    }
    if (cause instanceof DomainError) {
      const mapped = toTRPCError(cause);
      outcome = cause.reason;
      logCall(ctx, path, type, seconds, outcome);
      throw mapped;
    }
    outcome = reasonOf(result.error) ?? 'INTERNAL';
    if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      ctx.deps.logger.error(
        {
          requestId: ctx.requestId,
          staffId: ctx.staff?.id,
          procedure: path,
          err: result.error.cause ?? result.error,
        },
        'unexpected error',
      );
    }
  }
  logCall(ctx, path, type, seconds, outcome);
  return result;
});

function logCall(ctx: Context, procedure: string, type: string, seconds: number, outcome: string) {
  ctx.deps.metrics.requests.inc({ procedure, outcome });
  ctx.deps.metrics.latency.observe({ procedure }, seconds);
  ctx.deps.logger.info(
    {
      requestId: ctx.requestId,
      staffId: ctx.staff?.id,
      procedure,
      type,
      ms: Math.round(seconds * 1e4) / 10,
      outcome,
    },
    'call',
  );
}

export const publicProcedure = observed;

/**
 * A signed-in staff member whose role holds the procedure's declared capability. A refused
 * state change is audited as its meta says (SPEC §8: refused actions are audited): an agent
 * trying a lead's action is worth a lead's attention.
 */
export const staffProcedure = observed.use(async ({ ctx, meta, next, path, type }) => {
  if (!ctx.staff) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  }
  if (ctx.staff.secondFactor?.pending === true) {
    const allowed =
      meta?.pending === 'verify' ||
      (meta?.pending === 'enrol' &&
        (await countFactorsOfStaff(ctx.deps.db.read, ctx.staff.id)) === 0);
    if (!allowed) {
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message: 'Finish signing in: pass your second factor.',
      });
    }
  }
  const access = meta?.access;
  const allowed = access === 'signed_in' || (access !== undefined && can(ctx.staff.role, access));
  if (!allowed) {
    if (type === 'mutation' && meta?.audit) {
      await recordRefusal(ctx.deps, ctx.staff, {
        audit: meta.audit,
        reason: 'FORBIDDEN_ROLE',
        at: ctx.deps.clock(),
        subject: { details: { procedure: path } },
      });
    }
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `The ${ctx.staff.role} role may not do this.`,
    });
  }
  if (meta?.stepUp) {
    const now = ctx.deps.clock();
    let stepUp: StepUpRecord;
    try {
      stepUp = await requireStepUp(ctx.deps, ctx.deps.db.read, ctx.staff, now);
    } catch (error) {
      if (error instanceof DomainError && type === 'mutation' && meta.audit) {
        await recordRefusal(ctx.deps, ctx.staff, {
          audit: meta.audit,
          reason: error.reason,
          at: now,
          subject: { details: { procedure: path } },
        });
      }
      throw error;
    }
    return next({ ctx: { ...ctx, staff: { ...ctx.staff, stepUp } } });
  }
  return next({ ctx: { ...ctx, staff: ctx.staff } });
});
