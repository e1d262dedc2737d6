import { expect } from 'chai';
import { inShard, parseShard, shardOfTenant } from '../../src/fleet/sharding.js';
import { mergeReports, parseReport, rolloutExitCode } from '../../src/fleet/report.js';
import type { TenantResult } from '../../src/fleet/tenantResult.js';
import { tenantIds } from './helpers.js';

const result = (tenant: string, status: TenantResult['status'], shard = '1/1', finishedAt = '2026-01-01T00:00:00.000Z'): TenantResult => ({
  tenant,
  org: `org-${tenant}`,
  shard,
  status,
  exitCode: status === 'failed' ? 1 : status === 'still-running' ? 69 : 0,
  changes: [],
  apiCalls: { 'soap:deploy': 2 },
  apiCallsTotal: 2,
  backoffs: 0,
  warnings: [],
  attempts: 1,
  durationMs: 10,
  finishedAt,
  reused: false,
});

describe('rollout sharding', () => {
  it('puts every tenant in exactly one shard, the same one whatever the row order', () => {
    const ids = tenantIds(60);
    const shards = [1, 2, 3, 4].map((i) => ids.filter((id) => inShard(id, { index: i, count: 4 })));
    expect(shards.flat().sort()).to.deep.equal(ids);
    expect(shards.every((s) => s.length > 0)).to.equal(true);
    expect([...ids].reverse().map((id) => shardOfTenant(id, 4))).to.deep.equal(ids.map((id) => shardOfTenant(id, 4)).reverse());
    expect(shardOfTenant('ACME', 7)).to.equal(shardOfTenant('acme', 7));
  });

  it('refuses shards that do not exist, as a usage error', () => {
    for (const bad of ['0/4', '5/4', '2', 'a/b', '1/0']) {
      expect(() => parseShard(bad), bad).to.throw().with.property('exitCode', 2);
    }
    expect(parseShard('3/4')).to.deep.equal({ index: 3, count: 4 });
    expect(parseShard(undefined)).to.deep.equal({ index: 1, count: 1 });
  });
});

describe('rollout reports', () => {
  it('exits 0 only when every tenant succeeded; 68 mixed, 1 all failed, 69 only still running', () => {
    expect(rolloutExitCode([result('a', 'created'), result('b', 'unchanged')])).to.equal(0);
    expect(rolloutExitCode([result('a', 'created'), result('b', 'failed')])).to.equal(68);
    expect(rolloutExitCode([result('a', 'failed'), result('b', 'failed')])).to.equal(1);
    expect(rolloutExitCode([result('a', 'created'), result('b', 'still-running')])).to.equal(69);
  });

  it('merges shard reports, keeping the latest result of a tenant and naming missing shards', () => {
    const merged = mergeReports([
      { name: 'report.shard-1-of-3.jsonl', results: [result('a', 'failed', '1/3'), result('b', 'created', '1/3')] },
      { name: 'report.shard-3-of-3.jsonl', results: [result('a', 'created', '3/3', '2026-02-01T00:00:00.000Z')] },
    ]);
    expect(merged.results.map((r) => [r.tenant, r.status])).to.deep.equal([
      ['a', 'created'],
      ['b', 'created'],
    ]);
    expect(merged.warnings.join('\n')).to.contain('shard 2/3').and.to.contain('Tenant a is in more than one report');
  });

  it('names the line of a report that is not a tenant result', () => {
    const good = JSON.stringify(result('a', 'created'));
    expect(() => parseReport(`${good}\n{"tenant":"b"}\n`, 'r.jsonl')).to.throw(/r\.jsonl line 2 is not a tenant result/);
    expect(() => parseReport(`${good}\nnot json\n`, 'r.jsonl')).to.throw(/r\.jsonl line 2 is not JSON/);
  });
});
