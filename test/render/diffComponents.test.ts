/** The one diff engine as `deploy` uses it ("what changed" on a re-run), and the one deploy-status table. */
import { expect } from 'chai';
import { diffComponents, describeDiffRow } from '../../src/render/diffComponents.js';
import { parseEcaComponentXml } from '../../src/render/readComponents.js';
import { DEPLOY_STATUSES } from '../../src/salesforce/deployStatus.js';

const xml = (root: string, body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://soap.sforce.com/2006/04/metadata">${body}</${root}>`;
const oauth = (body: string) => parseEcaComponentXml(xml('ExtlClntAppOauthSettings', body), 'renOauth.ecaOauth');

describe('diffComponents (rows of the CLI contract)', () => {
  const desired = [oauth('<commaSeparatedOauthScopes>Basic, Api, RefreshToken</commaSeparatedOauthScopes><label>renOauth</label>')];

  it('sees no change when only order, spacing and org-specific or org-default fields differ', () => {
    const held = [oauth('<commaSeparatedOauthScopes>Api,RefreshToken,Basic</commaSeparatedOauthScopes><label>renOauth</label><oauthLink>00D:888</oauthLink>')];
    expect(diffComponents(desired, held)).to.deep.equal([]);
  });

  it('lists a changed field with expected and actual, and a component the org lacks as new', () => {
    const held = [oauth('<commaSeparatedOauthScopes>Basic, Api</commaSeparatedOauthScopes><label>renOauth</label>')];
    const rows = diffComponents(desired, held);
    expect(rows).to.deep.equal([
      { component: 'ExtlClntAppOauthSettings renOauth', field: 'commaSeparatedOauthScopes', expected: 'Basic, Api, RefreshToken', actual: 'Basic, Api' },
    ]);
    expect(rows.map(describeDiffRow)).to.deep.equal(['ExtlClntAppOauthSettings renOauth: commaSeparatedOauthScopes Basic, Api → Basic, Api, RefreshToken']);
    expect(diffComponents(desired, [])).to.deep.equal([{ component: 'ExtlClntAppOauthSettings renOauth', field: '(new)' }]);
  });

  it('maps every deploy status to a documented exit code (sf CLI numbers), and says which are running or applied', () => {
    const exitCodes = Object.fromEntries(Object.entries(DEPLOY_STATUSES).map(([k, v]) => [k, v.exitCode]));
    expect(exitCodes).to.deep.equal({
      Succeeded: 0, SucceededPartial: 68, Failed: 1, FinalizingFailed: 1, Canceled: 1, Canceling: 69, Pending: 69, InProgress: 69, Finalizing: 69,
    });
    expect(Object.keys(DEPLOY_STATUSES).filter((k) => DEPLOY_STATUSES[k as keyof typeof DEPLOY_STATUSES].applied)).to.deep.equal(['Succeeded', 'SucceededPartial']);
  });
});
