/**
 * Rotating Ren's key and secret without downtime with Salesforce's staged credentials (salesforce-eca.md §3.7), and
 * finishing the rotation. Pure logic over injected dependencies: the connection, the staged-credentials client and
 * the secret-access scope. Not a command yet: `rotate` / `rotate --finish` wire these after the merges.
 *
 * rotate: find the app and Ren's consumer → (inside the secret-access scope) look at the staged slot:
 *   - empty, or an Expired pair that was never promoted (deleted first): stage a new pair, promote it;
 *   - an Active pair (an interrupted run staged it): promote that one, never a second;
 *   - a Rotated pair whose key is the hand-off's (an interrupted run promoted, the hand-off was not written yet):
 *     nothing changes in the org, the current pair is handed off;
 *   - any other Rotated pair: an earlier rotation is not finished → refuse (RotationNotFinished).
 *   Then read back: the consumer's current pair must be the promoted one and the previous pair must sit in the slot
 *   as Rotated. Both pairs work until `finish`.
 * finish: delete the Rotated previous pair (idempotent: nothing there → 'nothing-to-finish'); refuses while the
 *   hand-off still holds that pair (it would lock Ren out).
 */
import type { Connection } from '@salesforce/core';
import type { Secret } from '../../credentials/index.js';
import { cliError } from '../../errors/index.js';
import type { AppConsumer, ConsumerRef, StagedCredential, StagedCredentialsClient } from '../../salesforce/index.js';
import { findAppConsumers, stagedCredentialsClient } from '../../salesforce/index.js';
import type { WithSecretAccess } from './secretAccess.js';

export type RotationStep =
  | 'staged'
  | 'resumed-staged'
  | 'deleted-expired'
  | 'promoted'
  | 'resumed-promoted'
  | 'read-back'
  | 'deleted-previous';

export type RotationInput = {
  conn: Connection;
  /** For messages: the org's alias or username. */
  orgLabel: string;
  appApiName: string;
  withSecretAccess: WithSecretAccess;
  /**
   * The consumer key of the hand-off file Ren uses now, when there is one: picks the consumer when the app has
   * several, tells an interrupted rotation (the hand-off still holds the Rotated pair) from an unfinished one, and
   * stops `finish` from revoking the pair Ren still holds.
   */
  handoffConsumerKey?: string;
  /** API version of the staged calls (65.0+); default the connection's. */
  apiVersion?: string;
  /** Told each change as soon as the org confirmed it (progress lines, fleet state). */
  onStep?: (step: RotationStep) => void;
  now?: () => Date;
  /** Default: stagedCredentialsClient over `conn`. */
  client?: StagedCredentialsClient;
};

export type RotationResult = {
  appId: string;
  consumerId: string;
  /** The pair for the hand-off: current in the org, read back after the promotion. */
  consumerKey: string;
  consumerSecret: Secret;
  /** The previous pair's key: it still works until `finish`. */
  previousConsumerKey: string;
  /** Id of the Rotated staged entry that `finish` deletes. */
  previousStagedId: string;
  /** 'none': a fresh rotation; 'staged': promoted a pair an interrupted run staged; 'promoted': handed off a pair an interrupted run promoted. */
  resumed: 'none' | 'staged' | 'promoted';
  rotation: { state: 'rotated'; at: string };
};

export type FinishResult =
  | { outcome: 'finished'; previousConsumerKey: string; rotation: { state: 'finished'; at: string } }
  | { outcome: 'nothing-to-finish'; /** What the staged slot holds instead: nothing, or a pair that never authenticated. */ slot: 'empty' | 'Active' | 'Expired'; rotation: { state: 'finished'; at: string } };

type Located = { ref: ConsumerRef; consumer: AppConsumer; client: StagedCredentialsClient };

const locate = async (input: RotationInput, action: string): Promise<Located> => {
  const app = await findAppConsumers(input.conn, input.appApiName, input.orgLabel);
  if (app === undefined || app.consumers.length === 0) throw cliError('RenNotInOrg', [input.appApiName, input.orgLabel, action]);
  const byKey = input.handoffConsumerKey === undefined ? undefined : app.consumers.find((c) => c.consumerKey === input.handoffConsumerKey);
  const consumer = byKey ?? (app.consumers.length === 1 ? app.consumers[0] : undefined);
  if (consumer === undefined) throw cliError('AppConsumerAmbiguous', [input.appApiName, input.orgLabel, app.consumers.length]);
  const client = input.client ?? stagedCredentialsClient({ conn: input.conn, orgLabel: input.orgLabel, appApiName: input.appApiName, ...(input.apiVersion ? { apiVersion: input.apiVersion } : {}) });
  return { ref: { appId: app.appId, consumerId: consumer.id }, consumer, client };
};

const only = (slot: readonly StagedCredential[], state: StagedCredential['state']): StagedCredential | undefined => slot.find((s) => s.state === state);

/** After a promotion: the current pair must be the promoted one, and the previous pair must sit in the slot as Rotated. */
const readBack = async (input: RotationInput, { ref, client }: Located, promoted: { consumerKey: string; consumerSecret?: Secret }, previousKey: string | undefined) => {
  const current = await client.current(ref);
  const slot = await client.list(ref);
  const previous = only(slot, 'Rotated');
  const problems = [
    ...(current.consumerKey === promoted.consumerKey ? [] : ['the org\'s current consumer key is not the promoted one']),
    ...(promoted.consumerSecret === undefined || current.consumerSecret.reveal() === promoted.consumerSecret.reveal() ? [] : ['the org\'s current secret is not the promoted one']),
    ...(previous === undefined ? ['the previous pair is not in the staged slot as Rotated'] : []),
    ...(previous !== undefined && previousKey !== undefined && previous.consumerKey !== previousKey ? ['the Rotated pair is not the one that was current before'] : []),
  ];
  if (problems.length > 0 || previous === undefined) {
    throw cliError('RotationIncomplete', [input.orgLabel, `the promotion was sent but the read-back disagrees: ${problems.join('; ')}.`]);
  }
  input.onStep?.('read-back');
  return { current, previous };
};

export const rotateCredentials = async (input: RotationInput): Promise<RotationResult> => {
  const located = await locate(input, 'rotate');
  const { ref, consumer, client } = located;
  const at = (input.now ?? (() => new Date()))().toISOString();
  return input.withSecretAccess(input.conn, async () => {
    const slot = await client.list(ref);
    const rotated = only(slot, 'Rotated');
    if (rotated !== undefined) {
      if (input.handoffConsumerKey === undefined || rotated.consumerKey !== input.handoffConsumerKey) {
        throw cliError('RotationNotFinished', [input.orgLabel, rotated.consumerKey]);
      }
      // An earlier run promoted and died before the hand-off: hand off what the org holds now, change nothing.
      const { current, previous } = await readBack(input, located, { consumerKey: consumer.consumerKey }, rotated.consumerKey);
      input.onStep?.('resumed-promoted');
      return result(ref, current, previous, 'promoted', at);
    }
    let staged = only(slot, 'Active');
    const resumed = staged === undefined ? 'none' : 'staged';
    if (staged === undefined) {
      for (const expired of slot.filter((s) => s.state === 'Expired')) {
        await client.remove(ref, expired.id);
        input.onStep?.('deleted-expired');
      }
      staged = await client.create(ref);
      input.onStep?.('staged');
    } else {
      input.onStep?.('resumed-staged');
    }
    try {
      await client.promote(ref, staged.id);
    } catch (e) {
      // The org now holds a staged pair that does not work yet; the current pair is untouched.
      throw cliError('RotationIncomplete', [input.orgLabel, `a new pair is staged (id ${staged.id}) but was not promoted, so Ren's current pair is unchanged and still the only one that works: ${(e as Error).message}`], { cause: e });
    }
    input.onStep?.('promoted');
    const { current, previous } = await readBack(input, located, staged, consumer.consumerKey);
    return result(ref, current, previous, resumed, at);
  });
};

const result = (
  ref: ConsumerRef,
  current: { consumerKey: string; consumerSecret: Secret },
  previous: StagedCredential,
  resumed: RotationResult['resumed'],
  at: string,
): RotationResult => ({
  appId: ref.appId,
  consumerId: ref.consumerId,
  consumerKey: current.consumerKey,
  consumerSecret: current.consumerSecret,
  previousConsumerKey: previous.consumerKey,
  previousStagedId: previous.id,
  resumed,
  rotation: { state: 'rotated', at },
});

export const finishRotation = async (input: RotationInput): Promise<FinishResult> => {
  const located = await locate(input, 'finish');
  const { ref, client } = located;
  const at = (input.now ?? (() => new Date()))().toISOString();
  return input.withSecretAccess(input.conn, async () => {
    const slot = await client.list(ref);
    const previous = only(slot, 'Rotated');
    if (previous === undefined) {
      const other = slot[0]?.state;
      return { outcome: 'nothing-to-finish', slot: other === 'Active' || other === 'Expired' ? other : 'empty', rotation: { state: 'finished', at } };
    }
    if (input.handoffConsumerKey !== undefined && previous.consumerKey === input.handoffConsumerKey) {
      throw cliError('FinishWouldLockOut', [input.orgLabel, previous.consumerKey]);
    }
    await client.remove(ref, previous.id);
    const after = await client.list(ref);
    if (after.some((s) => s.id === previous.id)) {
      throw cliError('RotationIncomplete', [input.orgLabel, `the previous pair (consumer key ${previous.consumerKey}) was deleted but the org still lists it; it may still work.`]);
    }
    input.onStep?.('deleted-previous');
    return { outcome: 'finished', previousConsumerKey: previous.consumerKey, rotation: { state: 'finished', at } };
  });
};
