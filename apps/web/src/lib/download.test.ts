import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadWithStepUp, filenameOf } from './download.ts';
import { StepUpBroker } from './step-up.ts';

const STEP_UP_REFUSAL = {
  error: { message: 'Confirm it is you.', code: -32003, data: { reason: 'STEP_UP_REQUIRED' } },
};

function answer(status: number, body: string, type: string, disposition?: string) {
  return new Response(body, {
    status,
    headers: {
      'content-type': type,
      ...(disposition ? { 'content-disposition': disposition } : {}),
    },
  });
}

/** A broker whose modal answers `confirmed` at once, counting how often it was asked. */
function brokerAnswering(confirmed: boolean) {
  const broker = new StepUpBroker();
  broker.attachHost();
  let asked = 0;
  broker.subscribe(() => {
    if (broker.isOpen()) {
      asked += 1;
      queueMicrotask(() => broker.settle(confirmed));
    }
  });
  return { broker, asked: () => asked };
}

afterEach(() => vi.restoreAllMocks());

describe('downloadWithStepUp', () => {
  it('asks for a step-up on 403 STEP_UP_REQUIRED, then fetches again and saves the file', async () => {
    const fetchSpy = vi
      .spyOn(globalThis, 'fetch')
      .mockResolvedValueOnce(answer(403, JSON.stringify(STEP_UP_REFUSAL), 'application/json'))
      .mockResolvedValueOnce(
        answer(
          200,
          'id,at\r\n',
          'text/csv',
          'attachment; filename="lifeline-audit-2026-12-02.csv"',
        ),
      );
    URL.createObjectURL = vi.fn(() => 'blob:csv');
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const { broker, asked } = brokerAnswering(true);

    expect(await downloadWithStepUp('/api/audit.csv', 'audit.csv', broker)).toBe('saved');
    expect(asked()).toBe(1);
    expect(fetchSpy).toHaveBeenCalledTimes(2);
    expect(click).toHaveBeenCalledTimes(1);
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe(
      'lifeline-audit-2026-12-02.csv',
    );
  });

  it('saves nothing when the step-up is cancelled', async () => {
    const fetchSpy = vi
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(answer(403, JSON.stringify(STEP_UP_REFUSAL), 'application/json'));
    const { broker } = brokerAnswering(false);
    expect(await downloadWithStepUp('/api/audit.csv', 'audit.csv', broker)).toBe('cancelled');
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it('tells a lost session and other refusals apart, without asking for a step-up', async () => {
    const { broker, asked } = brokerAnswering(true);
    vi.spyOn(globalThis, 'fetch').mockResolvedValueOnce(answer(401, '{}', 'application/json'));
    expect(await downloadWithStepUp('/api/audit.csv', 'audit.csv', broker)).toBe('signed_out');
    vi.spyOn(globalThis, 'fetch').mockResolvedValueOnce(
      answer(
        403,
        JSON.stringify({ error: { data: { reason: 'FORBIDDEN_ROLE' } } }),
        'application/json',
      ),
    );
    expect(await downloadWithStepUp('/api/audit.csv', 'audit.csv', broker)).toBe('failed');
    expect(asked()).toBe(0);
  });
});

describe('filenameOf', () => {
  it('takes the quoted name, never a path', () => {
    expect(filenameOf('attachment; filename="a.csv"', 'x.csv')).toBe('a.csv');
    expect(filenameOf('attachment; filename="../a.csv"', 'x.csv')).toBe('x.csv');
    expect(filenameOf(null, 'x.csv')).toBe('x.csv');
  });
});
