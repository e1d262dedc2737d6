import { expect } from 'chai';
import { usageMessage } from '../../src/cli/usageMessage.js';

describe('usageMessage (yargs messages as the user typed things)', () => {
  it('names an unknown dashed flag once, as typed, without the camel-case copy yargs adds', () => {
    expect(usageMessage('Unknown arguments: bogus-flag, bogusFlag', ['deploy', '--bogus-flag'])).to.equal('Unknown argument: --bogus-flag');
    expect(usageMessage('Unknown arguments: bogus-flag, bogusFlag', ['deploy', '--bogus-flag=3'])).to.equal('Unknown argument: --bogus-flag');
  });

  it('keeps short flags, long flags and stray words apart, in the order yargs gave them', () => {
    const argv = ['deploy', '-x', '--bogus-flag', '--zz', 'extra'];
    expect(usageMessage('Unknown arguments: x, bogus-flag, bogusFlag, zz, extra', argv)).to.equal('Unknown arguments: -x, --bogus-flag, --zz, extra');
  });

  it('keeps a camel-case name the user typed that way', () => {
    expect(usageMessage('Unknown argument: targetOrgz', ['deploy', '--targetOrgz'])).to.equal('Unknown argument: --targetOrgz');
  });

  it('says what "Did you mean" is a guess for', () => {
    expect(usageMessage('Did you mean deploy?', ['deploi', '--json'])).to.equal('Unknown command "deploi". Did you mean deploy?');
  });

  it('leaves other messages as they are', () => {
    expect(usageMessage('Name a command.', [])).to.equal('Name a command.');
    expect(usageMessage('Not enough non-option arguments: got 0, need at least 1', ['verify'])).to.equal('Not enough non-option arguments: got 0, need at least 1');
  });
});
