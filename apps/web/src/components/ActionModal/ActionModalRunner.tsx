import { ActionModal, type ActionRequest } from './ActionModal.tsx';
import { useRunAction } from './useRunAction.ts';

export interface ActionModalRunnerProps {
  request: ActionRequest | null;
  /** The agent closed the confirmation without acting (never while the action runs). */
  onClose: () => void;
  /** The action ran (or was refused for good): the confirmation should close. */
  onDone: (outcome: 'succeeded' | 'refused') => void;
}

/**
 * The confirmation and the action it runs, as one piece: the lookup page loads it with the
 * diagnosis, after its first render (the runner's input schemas are not in the first load).
 */
export function ActionModalRunner({ request, onClose, onDone }: ActionModalRunnerProps) {
  const runner = useRunAction(onDone);
  return (
    <ActionModal
      request={request}
      onClose={() => {
        if (runner.pending) return;
        runner.clearError();
        onClose();
      }}
      onConfirm={runner.run}
      pending={runner.pending}
      error={runner.error}
      resetLinkLimited={runner.resetLinkLimited}
    />
  );
}
