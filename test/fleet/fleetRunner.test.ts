/**
 * The fleet runner with a plugged-in operation (the way rotate/remove will plug in): it honours the operation's
 * plan (a `skip` reuses the saved result, marked reused), bounds concurrency, keeps file order in the report, turns
 * a `run` that throws into that tenant's failed result without stopping the others, and refuses a second run on the
 * same shard's state while the first holds the lock.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { cliError } from '../../src/errors/index.js';
import { runFleet, type FleetOperation } from '../../src/fleet/fleetRunner.js';
import type { TenantResult } from '../../src/fleet/tenantResult.js';
import { withStep } from '../../src/fleet/tenantState.js';
import { fakeFleet } from './fakeFleet.js';
import { aliasesFor, csvFor, tenantIds, workspace, type Workspace } from './helpers.js';

const resultFor = (tenant: string, org: string, shard: string, status: TenantResult['status']): TenantResult => ({
  tenant, org, shard, status, exitCode: 0, changes: [], apiCalls: {}, apiCallsTotal: 0, backoffs: 0, warnings: [], attempts: 1, durationMs: 1, finishedAt: new Date().toISOString(), reused: false,
});

describe('fleet runner (one runner for every per-org operation)', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(() => ws.cleanup());

  it('runs every tenant through the operation at most `concurrency` at a time; a saved "done" the operation skips is reused; a throw fails only that tenant', async () => {
    const ids = tenantIds(6);
    const { deps } = fakeFleet(aliasesFor(ids));
    const tenants = await ws.file('tenants.csv', csvFor(ids));
    let inFlight = 0;
    let maxInFlight = 0;
    const ran: string[] = [];
    const operation: FleetOperation = {
      stateMode: 'status',
      plan: (tenant, state) => Promise.resolve(state?.step === 'done' ? { action: 'skip', reason: 'done before' } : { action: 'start', reason: 'new' }),
      run: async (tenant, _plan, _state, ctx) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        ran.push(tenant.id);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        if (tenant.id === 't03') throw cliError('Usage', ['t03 is broken']);
        const result = resultFor(tenant.id, tenant.org, ctx.shard, 'in-sync');
        if (tenant.id === 't01') {
          const state = { version: 1 as const, tenant: tenant.id, org: tenant.org, shard: ctx.shard, fingerprint: tenant.fingerprint, step: 'pending' as const, attempts: 1, history: [], updatedAt: new Date().toISOString() };
          await ctx.store.save(withStep(state, 'done', { result }));
        }
        return result;
      },
    };
    const first = await runFleet({ tenantsPath: tenants, concurrency: 2, stateDir: ws.stateDir }, deps, operation);
    expect(first.tenants.map((t) => `${t.tenant}:${t.status}`)).to.deep.equal(['t01:in-sync', 't02:in-sync', 't03:failed', 't04:in-sync', 't05:in-sync', 't06:in-sync']);
    expect(first.tenants[2]?.exitCode).to.equal(2);
    expect(first.tenants[2]?.error?.message).to.include('t03 is broken');
    expect(maxInFlight).to.equal(2);
    const report = (await readFile(join(ws.stateDir, 'status', 'report.all.jsonl'), 'utf8')).trim().split('\n');
    expect(report).to.have.length(6);

    ran.length = 0;
    const second = await runFleet({ tenantsPath: tenants, concurrency: 3, stateDir: ws.stateDir }, deps, operation);
    expect(ran).not.to.include('t01');
    expect(second.tenants[0]).to.include({ tenant: 't01', reused: true });
    expect(ran).to.have.members(['t02', 't03', 't04', 't05', 't06']);
  });

  it('refuses a second run on the same shard state while the first holds the lock', async () => {
    const ids = tenantIds(2);
    const { deps } = fakeFleet(aliasesFor(ids));
    const tenants = await ws.file('tenants.csv', csvFor(ids));
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const slow: FleetOperation = {
      stateMode: 'status',
      plan: () => Promise.resolve({ action: 'start', reason: 'new' }),
      run: async (tenant, _p, _s, ctx) => {
        await held;
        return resultFor(tenant.id, tenant.org, ctx.shard, 'in-sync');
      },
    };
    const first = runFleet({ tenantsPath: tenants, concurrency: 2, stateDir: ws.stateDir }, deps, slow);
    await new Promise((r) => setTimeout(r, 50));
    let refused: unknown;
    try {
      await runFleet({ tenantsPath: tenants, concurrency: 2, stateDir: ws.stateDir }, deps, slow);
    } catch (e) {
      refused = e;
    }
    release();
    await first;
    expect((refused as { name?: string } | undefined)?.name, 'second run refused by the lock').to.equal('RolloutStateLockedError');
  });
});
