/**
 * `--shard i/n`: which tenants this machine runs. A tenant's shard depends only on its id (a hash), so
 * shards stay stable when rows are added, removed or reordered, and every machine agrees without talking
 * to the others. Pure.
 */
import { createHash } from 'node:crypto';
import { cliError } from '../errors/index.js';
import { tenantFileKey } from './tenant.js';

export type Shard = { readonly index: number; readonly count: number };

export const WHOLE_FLEET: Shard = { index: 1, count: 1 };

const SHARD_PATTERN = /^(\d+)\/(\d+)$/;

export const parseShard = (text: string | undefined): Shard => {
  if (text === undefined) return WHOLE_FLEET;
  const m = SHARD_PATTERN.exec(text.trim());
  if (!m) throw cliError('ShardInvalid', [text, 'expected i/n']);
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  if (shard.count < 1 || shard.index < 1 || shard.index > shard.count) throw cliError('ShardInvalid', [text, `shard ${shard.index} of ${shard.count} does not exist`]);
  return shard;
};

export const shardLabel = (shard: Shard): string => `${shard.index}/${shard.count}`;

/** File-name form of a shard, for reports and locks: "shard-2-of-4" ("all" for the whole fleet). */
export const shardFileTag = (shard: Shard): string => (shard.count === 1 ? 'all' : `shard-${shard.index}-of-${shard.count}`);

/** 1-based shard of a tenant id among `count` shards. */
export const shardOfTenant = (tenantId: string, count: number): number => {
  const digest = createHash('sha256').update(tenantFileKey(tenantId)).digest();
  return (digest.readUInt32BE(0) % count) + 1;
};

export const inShard = (tenantId: string, shard: Shard): boolean => shardOfTenant(tenantId, shard.count) === shard.index;
