/** The tenant state file: persisted progress is a `step`; files written before that rename still load. */
import { expect } from 'chai';
import { tenantStateSchema } from '../../src/fleet/tenantState.js';

describe('tenant state file', () => {
  const current = {
    version: 1,
    tenant: 't01',
    org: 'org-t01',
    shard: '1/1',
    fingerprint: 'f'.repeat(32),
    step: 'deploy-submitted',
    deploy: { deployId: '0Af000000000001AAA', phase: 'app' },
    attempts: 1,
    history: [{ step: 'deploy-submitted', at: '2026-12-01T00:00:00.000Z', deployId: '0Af000000000001AAA' }],
    updatedAt: '2026-12-01T00:00:00.000Z',
  };

  it('reads a file that says step, with the deploy phase', () => {
    const parsed = tenantStateSchema.parse(current);
    expect([parsed.step, parsed.deploy?.phase, parsed.history[0]?.step]).to.deep.equal(['deploy-submitted', 'app', 'deploy-submitted']);
  });

  it("reads a file written before the rename (phase for the step, the stage name 'deploy:policies' for the deploy phase)", () => {
    const { step, history, ...rest } = current;
    const legacy = { ...rest, phase: step, deploy: { deployId: '0Af000000000001AAA', phase: 'deploy:policies' }, history: history.map(({ step: s, ...h }) => ({ ...h, phase: s })) };
    const parsed = tenantStateSchema.parse(legacy);
    expect([parsed.step, parsed.deploy?.phase, parsed.history[0]?.step]).to.deep.equal(['deploy-submitted', 'policies', 'deploy-submitted']);
  });

  it('refuses a deploy phase that is neither app nor policies', () => {
    expect(tenantStateSchema.safeParse({ ...current, deploy: { deployId: '0Af000000000001AAA', phase: 'readback' } }).success).to.equal(false);
  });
});
