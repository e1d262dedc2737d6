/**
 * The renderer, seen from the deploy side: the registration's components for one API version, split by
 * deploy phase, plus the minimum API version the registration needs.
 */
import type { Registration } from '../spec/registrationSchema.js';

export type DeployComponent = { type: string; fullName: string; relativePath: string; contents: string; phase: 'app' | 'policies' };

type RenderModule = {
  renderRegistration: (r: Registration, o: { apiVersion: string }) => { components: DeployComponent[]; warnings: string[] };
};
type ApiVersionsModule = { requiredApiVersion: (r: Registration) => string };

// Loaded by path until the renderer lands in the tree (keeps the build green meanwhile).
const RENDER_MODULE: string = '../render/renderRegistration.js';
const API_VERSIONS_MODULE: string = '../render/apiVersions.js';

export const renderForOrg = async (registration: Registration, apiVersion: string): Promise<{ components: DeployComponent[]; warnings: string[] }> =>
  ((await import(RENDER_MODULE)) as RenderModule).renderRegistration(registration, { apiVersion });

export const requiredApiVersionOf = async (registration: Registration): Promise<string> =>
  ((await import(API_VERSIONS_MODULE)) as ApiVersionsModule).requiredApiVersion(registration);
