/**
 * The renderer: a pure function from a validated registration and a target API version to the metadata files
 * of Ren's External Client App. No I/O; folders and suffixes come from `layout` (SDR's registry by default).
 */
import { cliError } from '../errors/index.js';
import type { EcaTypeName } from './ecaTypes.js';
import { toMetadataXml } from './metadataXml.js';
import { typeLayout, type TypeLayout } from './sdrRegistry.js';
import type { Registration } from '../registration/index.js';
import {
  MIN_SUPPORTED_API_VERSION,
  TYPE_API_VERSIONS,
  inRange,
  parseApiVersion,
  requiredApiVersion,
  versionRangeOf,
  type VersionRange,
} from './apiVersions.js';
import { ECA_COMPONENTS, type DeployPhase } from './ecaComponents.js';

export type { EcaTypeName } from './ecaTypes.js';

export type RenderedComponent = {
  type: EcaTypeName;
  fullName: string;
  /** Relative to the package directory, e.g. 'main/default/externalClientApps/ren.eca-meta.xml'. */
  relativePath: string;
  contents: string;
  /** 'app' = ECA + OAuth settings + global OAuth settings (deployed first); 'policies' = the two policies. */
  phase: DeployPhase;
};

export type RenderOptions = {
  /** Target Metadata API version, e.g. '64.0'. */
  apiVersion: string;
  layout?: (type: string) => TypeLayout;
};

export type RenderResult = { components: RenderedComponent[]; warnings: string[] };

/** Source-format files live under <package dir>/main/default/<folder>/. */
export const SOURCE_ROOT = 'main/default';

const rangeText = (range: VersionRange): string =>
  range.maxApiVersion === undefined ? `${range.minApiVersion} or later` : `${range.minApiVersion} to ${range.maxApiVersion}`;

export const renderRegistration = (registration: Registration, options: RenderOptions): RenderResult => {
  const version = parseApiVersion(options.apiVersion);
  const layout = options.layout ?? typeLayout;
  if (version < Number(MIN_SUPPORTED_API_VERSION)) {
    throw cliError(
      'ApiVersionUnsupported',
      [options.apiVersion, `External Client App policies and the credentials API exist from API ${MIN_SUPPORTED_API_VERSION}.`],
      { actions: [`Use --api-version ${requiredApiVersion(registration)} or higher.`] },
    );
  }

  const warnings: string[] = [];
  const refusals: string[] = [];
  const components = ECA_COMPONENTS.map((rule): RenderedComponent => {
    const fullName = rule.fullName(registration.app.apiName);
    const fields = rule.fields(registration, fullName) as Record<string, string | number | boolean | undefined>;
    const kept: Record<string, string | number | boolean> = {};
    for (const [field, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      const range = versionRangeOf(rule.type, field) ?? TYPE_API_VERSIONS[rule.type];
      if (inRange(version, range)) {
        kept[field] = value;
      } else if (range.omittedMeans === String(value)) {
        warnings.push(`${rule.type}.${field} is left out: API ${options.apiVersion} does not have it (${rangeText(range)}); orgs apply ${range.omittedMeans} without it.`);
      } else {
        const setting = range.setting === undefined ? '' : ` (spec: ${range.setting} = ${JSON.stringify(value)})`;
        refusals.push(`  - ${rule.type}.${field}${setting} needs API ${rangeText(range)}`);
      }
    }
    const { directoryName, suffix } = layout(rule.type);
    return {
      type: rule.type,
      fullName,
      relativePath: `${SOURCE_ROOT}/${directoryName}/${fullName}.${suffix}-meta.xml`,
      contents: toMetadataXml(rule.type, kept),
      phase: rule.phase,
    };
  });
  if (refusals.length > 0) {
    throw cliError('ApiVersionUnsupported', [options.apiVersion, `the spec needs settings this version does not have:\n${refusals.join('\n')}`], {
      actions: [`Use --api-version ${requiredApiVersion(registration)} or higher.`],
      data: { apiVersion: options.apiVersion, requiredApiVersion: requiredApiVersion(registration) },
    });
  }
  return { components, warnings };
};
