/**
 * The hand-off file Ren uses now, as `rotate` and `remove` need it: which consumer key Ren holds (rotate picks the
 * consumer by it, tells an interrupted rotation from an unfinished one, and --finish refuses to revoke it), the whole
 * file when it can be opened (plain, or sealed with --identity) so --finish can mark the rotation finished, and the
 * renaming `remove` does so a removed org's file cannot be mistaken for working credentials.
 *
 * The file is looked for where `deploy` writes it: --output, else ./ren-credentials/<orgId>.json, as `.json.age`
 * when the spec seals (the other form is looked at too, so a spec that started sealing still finds the old file).
 */
import { readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { cliError, isSfError } from '../../errors/index.js';
import {
  checkHandoffTarget,
  defaultHandoffPath,
  handoffFileOwner,
  handoffTargetPath,
  ownerOfHandoffText,
  readHandoffFile,
  sameOrg,
  type Handoff,
  type HandoffDelivery,
  type HandoffForm,
} from '../../credentials/index.js';

export type HandoffOnDisk =
  | { state: 'absent'; target: string }
  | {
      state: 'present';
      /** Where the new hand-off goes (the form the spec asks for). */
      target: string;
      /** The file found (may be the other form than target). */
      path: string;
      form: HandoffForm;
      consumerKey: string;
      /** The whole file, when it could be opened (plain, or sealed with an identity). */
      handoff?: Handoff;
    };

const otherForm = (target: string): string => (target.endsWith('.age') ? target.slice(0, -'.age'.length) : `${target}.age`);

/** The hand-off of `orgId` at `output` (default path when undefined); refuses (exit 2) a target of another org. */
export const findHandoffOnDisk = async (
  orgId: string,
  output: string | undefined,
  delivery: HandoffDelivery,
  identityText: string | undefined,
): Promise<HandoffOnDisk> => {
  const target = handoffTargetPath(output ?? defaultHandoffPath(orgId), delivery);
  await checkHandoffTarget(target, orgId);
  for (const path of [target, otherForm(target)]) {
    const owner = await handoffFileOwner(path).catch(() => ({ kind: 'none' as const }));
    if (owner.kind === 'none') continue;
    if (owner.kind !== 'org' || !sameOrg(owner.orgId, orgId)) continue;
    const fields = ownerOfHandoffText(await readFile(path, 'utf8'));
    if (fields === undefined) throw cliError('HandoffKeyUnknown', [path, 'it is not a hand-off file']);
    if (fields.form === 'sealed' && identityText === undefined) return { state: 'present', target, path, form: 'sealed', consumerKey: fields.consumerKey };
    try {
      const file = await readHandoffFile(path, identityText === undefined ? {} : { identityText });
      return { state: 'present', target, path, form: file.form, consumerKey: file.handoff.consumerKey, handoff: file.handoff };
    } catch (e) {
      if (isSfError(e)) throw cliError('HandoffKeyUnknown', [path, e.message], { cause: e });
      throw e;
    }
  }
  return { state: 'absent', target };
};

/** `20261203T084500Z`: sortable, no characters a shell or Windows would trip over. */
export const removedStamp = (at: Date): string => at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');

/** The hand-off files of `orgId` (both forms) that exist at `output` or the default path. */
export const handoffFilesOf = async (orgId: string, output: string | undefined): Promise<string[]> => {
  const plain = handoffTargetPath(output ?? defaultHandoffPath(orgId));
  const found: string[] = [];
  for (const path of [plain, otherForm(plain)]) {
    const owner = await handoffFileOwner(path).catch(() => ({ kind: 'none' as const }));
    if (owner.kind === 'org' && sameOrg(owner.orgId, orgId)) found.push(path);
  }
  return found;
};

/** Renames each file to `<name>.removed-<timestamp>`; returns [from, to] pairs. */
export const renameRemovedHandoffs = async (paths: readonly string[], at: Date, orgLabel: string): Promise<Array<{ from: string; to: string }>> => {
  const renamed: Array<{ from: string; to: string }> = [];
  for (const from of paths) {
    const to = join(dirname(from), `${basename(from)}.removed-${removedStamp(at)}`);
    try {
      await rename(from, to);
    } catch (e) {
      throw cliError('HandoffNotRenamed', [orgLabel, from, (e as NodeJS.ErrnoException).code ?? (e as Error).message], { data: { path: from, renamed }, cause: e });
    }
    renamed.push({ from, to });
  }
  return renamed;
};
