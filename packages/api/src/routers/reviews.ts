import { markReviewInput, reviewQueueInput } from '../schemas.ts';
import { markReview, reviewQueue } from '../services/reviews.ts';
import { router, staffProcedure } from '../trpc.ts';

export const reviewsRouter = router({
  queue: staffProcedure
    .meta({ access: 'reviews.read' })
    .input(reviewQueueInput)
    .query(({ ctx, input }) => reviewQueue(ctx.deps, input ?? {})),

  mark: staffProcedure
    .meta({ access: 'reviews.mark', audit: 'review.mark' })
    .input(markReviewInput)
    .mutation(({ ctx, input }) => markReview(ctx.deps, ctx.staff, input)),
});
