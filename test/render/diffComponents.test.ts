/** "What changed" on a re-run: rendered fields against what the org holds. */
import { expect } from 'chai';
import { componentChanges } from '../../src/provision/componentChanges.js';
import { DEPLOY_STATUS_EXIT_CODES } from '../../src/salesforce/deployStatusExitCodes.js';

const xml = (root: string, body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://soap.sforce.com/2006/04/metadata">${body}</${root}>`;

describe('componentChanges', () => {
  const desired = [{ type: 'ExtlClntAppOauthSettings', fullName: 'renOauth', contents: xml('ExtlClntAppOauthSettings', '<commaSeparatedOauthScopes>Basic, Api, RefreshToken</commaSeparatedOauthScopes><label>renOauth</label>') }];

  it('sees no change when only order, spacing and org-specific or org-default fields differ', () => {
    const held = [{ type: 'ExtlClntAppOauthSettings', fullName: 'renOauth', fields: { commaSeparatedOauthScopes: 'Api,RefreshToken,Basic', label: 'renOauth', oauthLink: '00D:888', isFirstPartyAppEnabled: 'false' } }];
    expect(componentChanges(desired, held)).to.deep.equal([]);
  });

  it('lists a changed field with from and to, and a component the org lacks as new', () => {
    const held = [{ type: 'ExtlClntAppOauthSettings', fullName: 'renOauth', fields: { commaSeparatedOauthScopes: 'Basic, Api', label: 'renOauth' } }];
    expect(componentChanges(desired, held)).to.deep.equal([
      { component: 'ExtlClntAppOauthSettings renOauth', field: 'commaSeparatedOauthScopes', from: 'Basic, Api', to: 'Basic, Api, RefreshToken' },
    ]);
    expect(componentChanges(desired, [])).to.deep.equal([{ component: 'ExtlClntAppOauthSettings renOauth', field: '(new)' }]);
  });

  it('maps every deploy status to a documented exit code (sf CLI numbers)', () => {
    expect(DEPLOY_STATUS_EXIT_CODES).to.deep.equal({
      Succeeded: 0, SucceededPartial: 68, Failed: 1, FinalizingFailed: 1, Canceled: 1, Canceling: 69, Pending: 69, InProgress: 69, Finalizing: 69,
    });
  });
});
