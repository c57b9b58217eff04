import { factorInput } from '@lifeline/api/schemas';
import type { RouterInputs, RouterOutputs } from '../../trpc.ts';

export type Factor = RouterInputs['verification']['check']['factor'];
export type Method = Factor['method'];
export type CheckResult = RouterOutputs['verification']['check'];

/** Whether a typed factor has the shape the API takes, so it is worth sending. */
export function wellFormed(factor: Factor): boolean {
  return factorInput.safeParse(factor).success;
}

/** The panel runs the attempt; each method's form only holds its typed values until submit. */
export interface FactorFormProps {
  disabled: boolean;
  pending: boolean;
  onSubmit: (factor: Factor) => Promise<void>;
}
