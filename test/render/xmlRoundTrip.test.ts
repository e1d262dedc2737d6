/**
 * Property tests: any text a spec may hold (XML-special characters, quotes, unicode, newlines) is escaped by
 * the renderer and read back unchanged, and the file stays well-formed with alphabetical elements.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { parseEcaComponentXml } from '../../src/render/readComponents.js';
import { toMetadataXml } from '../../src/render/metadataXml.js';
import { renderRegistration } from '../../src/render/renderRegistration.js';
import { loadRegistration } from '../../src/registration/loadRegistration.js';
import { registrationSchema, textSchema, type Registration } from '../../src/registration/registrationSchema.js';
import { FIELD_LIMITS } from '../../src/registration/fieldLimits.js';

/** Strings the spec accepts as text: anything but control characters; biased towards XML-special ones. */
const specText = fc
  .array(
    fc.oneof(
      fc.constantFrom('<', '>', '&', '"', "'", ']]>', '&amp;', '&#39;', '\n', '\t', ' ', 'ü', '日本', '😀', '\u00A0', '\u2028'),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''))
  .filter((s) => textSchema.safeParse(s).success);

/** Spec text within a field's length limit (src/registration/fieldLimits.ts): longer text is refused, not escaped. */
const within = (max: number): fc.Arbitrary<string> => specText.filter((s) => s.length <= max);

describe('XML escaping round trip (property)', () => {
  let ren: Registration;
  before(async () => {
    ren = await loadRegistration();
  });

  it('description, name and contact phone render and read back exactly', () => {
    fc.assert(
      fc.property(within(FIELD_LIMITS.description.max), within(FIELD_LIMITS.label.max), within(FIELD_LIMITS.contactPhone.max), (description, name, phone) => {
        const registration = registrationSchema.parse({ ...ren, app: { ...ren.app, description, name, contactPhone: phone } });
        const eca = renderRegistration(registration, { apiVersion: '64.0' }).components[0];
        if (eca === undefined) return false;
        const back = parseEcaComponentXml(eca.contents, eca.relativePath);
        expect(back.fields).to.deep.include({ description, label: name, contactPhone: phone });
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('profile and permission set names with XML-special characters survive the comma-separated list', () => {
    const name = specText.filter((s) => !s.includes(',') && s.trim() === s && s !== '');
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 4 }), (profiles) => {
        const registration = registrationSchema.parse({ ...ren, policies: { ...ren.policies, profiles } });
        const policy = renderRegistration(registration, { apiVersion: '64.0' }).components.find((c) => c.type === 'ExtlClntAppOauthConfigurablePolicies');
        if (policy === undefined) return false;
        const back = parseEcaComponentXml(policy.contents, policy.relativePath);
        expect((back.fields as { commaSeparatedProfile?: string }).commaSeparatedProfile?.split(',')).to.deep.equal(profiles);
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('any element order in, alphabetical order out', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(['label', 'description', 'contactEmail', 'isProtected', 'infoUrl'], { minLength: 1 }), (names) => {
        const xml = toMetadataXml('ExternalClientApplication', Object.fromEntries(names.map((n) => [n, n])));
        const order = [...xml.matchAll(/^ {4}<(\w+)>/gm)].map((m) => m[1]);
        expect(order).to.deep.equal([...names].sort());
        return true;
      }),
    );
  });
});
