import { expect } from 'chai';
import { RegistryAccess } from '@salesforce/source-deploy-retrieve';
import { typeBySuffix, typeLayout } from '../../src/render/sdrRegistry.js';

const ECA_TYPES = [
  'ExternalClientApplication',
  'ExtlClntAppOauthSettings',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies',
];

describe('sdrRegistry: folders and suffixes come from SDR', () => {
  const registry = new RegistryAccess();
  for (const name of ECA_TYPES) {
    it(`${name} matches SDR's RegistryAccess`, () => {
      const sdr = registry.getTypeByName(name);
      expect(typeLayout(name)).to.deep.equal({ name: sdr.name, directoryName: sdr.directoryName, suffix: sdr.suffix });
      expect(typeBySuffix(sdr.suffix ?? '')?.name).to.equal(name);
    });
  }

  it('refuses a type SDR does not know', () => {
    expect(() => typeLayout('ExtlClntAppPolicies')).to.throw(/no folder or suffix/);
  });
});
