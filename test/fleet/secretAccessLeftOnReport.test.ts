/**
 * A tenant whose run could not switch REST access to consumer secrets back off is not "done as asked": the rollout
 * exits 68 (cli-contract.md) even when every tenant registered, and the report line carries secretAccessLeftOn.
 */
import { expect } from 'chai';
import { rolloutExitCode } from '../../src/fleet/report.js';
import { tenantResultSchema, type TenantResult } from '../../src/fleet/tenantResult.js';

const result = (tenant: string, extra: Partial<TenantResult> = {}): TenantResult =>
  tenantResultSchema.parse({
    tenant, org: `org-${tenant}`, shard: '1/1', status: 'created', exitCode: 0, changes: [], apiCalls: {}, apiCallsTotal: 0, backoffs: 0,
    warnings: [], attempts: 1, durationMs: 1, finishedAt: new Date(0).toISOString(), reused: false, ...extra,
  });

describe('rollout exit code when a tenant left secret access on', () => {
  it('68 when one tenant left it on, although every tenant registered; 0 otherwise; the field survives the report schema', () => {
    expect(rolloutExitCode([result('t01'), result('t02')])).to.equal(0);
    const leftOn = result('t02', { exitCode: 68, secretAccessLeftOn: true });
    expect(leftOn.secretAccessLeftOn).to.equal(true);
    expect(rolloutExitCode([result('t01'), leftOn])).to.equal(68);
  });
});
