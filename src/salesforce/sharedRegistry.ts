/**
 * One SDR RegistryAccess per process. Without it SDR builds a fresh registry (the effective metadata registry,
 * looked up from the current directory's sfdx-project.json) for every ComponentSet, resolver and converter —
 * the top frame of the rollout's CPU profile. One instance, built from this tool's own sfdx-project.json, is
 * shared by every deploy and retrieve: cheaper, and independent of the directory the admin runs the tool from.
 * RegistryAccess only reads its registry after construction, so sharing it between concurrent deploys is safe.
 */
import { RegistryAccess } from '@salesforce/source-deploy-retrieve';
import { packageRoot } from '../files/index.js';

let shared: RegistryAccess | undefined;

export const sharedRegistry = (): RegistryAccess => (shared ??= new RegistryAccess(undefined, packageRoot()));
