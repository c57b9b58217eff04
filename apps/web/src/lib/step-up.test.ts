import { describe, expect, it } from 'vitest';
import { StepUpBroker } from './step-up.ts';

describe('StepUpBroker', () => {
  it('declines at once when no modal is there to ask', async () => {
    expect(await new StepUpBroker().request()).toBe(false);
  });

  it('gives calls refused while the modal is open the same answer, once', async () => {
    const broker = new StepUpBroker();
    broker.attachHost();
    let opened = 0;
    broker.subscribe(() => {
      if (broker.isOpen()) opened += 1;
    });
    const first = broker.request();
    const second = broker.request();
    expect(opened).toBe(1);
    broker.settle(true);
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(broker.isOpen()).toBe(false);
  });

  it('answers no when the modal goes away while asking', async () => {
    const broker = new StepUpBroker();
    const detach = broker.attachHost();
    const asked = broker.request();
    detach();
    expect(await asked).toBe(false);
  });
});
