/**
 * The rollout wired to the real modules: the spec's overrides schema and validation, the sf auth store,
 * and `provisionOrg` (the same preflight, deploy, read-back and hand-off as the single-org `deploy`).
 * Everything is imported lazily so `rollout --help` and `rollout report` never load @salesforce/core.
 */
import type { DeployPhase, ProvisionEvent, ResumeHint } from '../provision/provisionTypes.js';
import type { Registration } from '../registration/registrationSchema.js';
import { sfAuthStoreDirectory } from './orgDirectory.js';
import type { ProvisionProgressEvent, RolloutDependencies } from './rolloutDependencies.js';

export type SalesforceDependencyOptions = {
  /** Deploy status poll interval; default: provisionOrg's (1 s, as the sf CLI). */
  readonly pollIntervalMs?: number;
};

/** Deploys looked at when searching for one a killed run submitted: its own come first (newest first). */
const FIND_DEPLOYS_LIMIT = 10;

/** Resume points are stored by stage name; provisionOrg wants the deploy phase. */
const PHASE_OF_STAGE: Readonly<Record<string, DeployPhase | undefined>> = { 'deploy:app': 'app', 'deploy:policies': 'policies' };

/** Progress and secret-access notices go to the rollout; warnings arrive in the outcome (or error) anyway. */
const toRolloutEvent = (e: ProvisionEvent): ProvisionProgressEvent | undefined => {
  if (e.state === 'warning') return undefined;
  return e.state === 'submitted' ? { stage: e.stage, state: e.state, deployId: e.deployId } : { stage: e.stage, state: e.state };
};

export const salesforceDependencies = async (options: SalesforceDependencyOptions = {}): Promise<RolloutDependencies> => {
  const [{ tenantOverridesSchema, applyTenantOverrides }, { loadRegistration }, { resolveOrg }, { provisionOrg }] = await Promise.all([
    import('../registration/tenantOverrides.js'),
    import('../registration/loadRegistration.js'),
    import('../salesforce/resolveOrg.js'),
    import('../provision/provisionOrg.js'),
  ]);
  // The spec is read and validated once per run, then each tenant's overrides are applied to it.
  const bases = new Map<string, Promise<Registration>>();
  const base = (specPath: string | undefined): Promise<Registration> => {
    const key = specPath ?? '';
    if (!bases.has(key)) bases.set(key, loadRegistration(specPath === undefined ? {} : { specPath }));
    return bases.get(key) as Promise<Registration>;
  };
  return {
    overridesSchema: tenantOverridesSchema,
    prepareRegistration: async (overrides, specPath) =>
      applyTenantOverrides(await base(specPath), overrides, 'spec with the tenant overrides'),
    orgDirectory: sfAuthStoreDirectory,
    findDeploys: async (username, since) => {
      const conn = (await resolveOrg(username)).getConnection();
      // Datetime literals in SOQL are unquoted, in UTC, without milliseconds.
      const after = since.toISOString().replace(/\.\d{3}Z$/, 'Z');
      const soql = `SELECT Id, Status, CreatedDate FROM DeployRequest WHERE CreatedDate >= ${after} AND CheckOnly = false ORDER BY CreatedDate DESC LIMIT ${FIND_DEPLOYS_LIMIT}`;
      const rows = (await conn.tooling.query<{ Id: string; Status: string; CreatedDate: string }>(soql)).records;
      return rows.map((r) => ({ id: r.Id, status: r.Status, createdDate: r.CreatedDate }));
    },
    provision: async (request) => {
      const org = await resolveOrg(request.username);
      const phase = request.resume === undefined ? undefined : PHASE_OF_STAGE[request.resume.phase];
      const resume: ResumeHint = {
        ...(request.resume === undefined || phase === undefined ? {} : { deployId: request.resume.deployId, phase }),
      };
      return provisionOrg({
        org,
        registration: request.registration as Registration,
        options: {
          dryRun: request.dryRun,
          waitMinutes: request.waitMinutes,
          allowOrgSettings: request.allowOrgSettings,
          allowSecretToggle: request.allowSecretToggle,
          outputPath: request.outputPath,
          ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
        },
        onEvent: (e) => {
          const event = toRolloutEvent(e);
          if (event !== undefined) request.progress(event);
        },
        ...(Object.keys(resume).length === 0 ? {} : { resume }),
      });
    },
  };
};
