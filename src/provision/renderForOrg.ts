/**
 * The renderer, seen from the deploy side: the registration's components for one API version (each tagged
 * with its deploy phase), plus the minimum API version the registration needs.
 */
import { requiredApiVersion } from '../render/apiVersions.js';
import { renderRegistration, type RenderedComponent } from '../render/renderRegistration.js';
import type { Registration } from '../registration/registrationSchema.js';

export type DeployComponent = RenderedComponent;

export const renderForOrg = (registration: Registration, apiVersion: string): { components: DeployComponent[]; warnings: string[] } =>
  renderRegistration(registration, { apiVersion });

export const requiredApiVersionOf = (registration: Registration): string => requiredApiVersion(registration);
