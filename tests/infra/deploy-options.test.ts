import { App, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { DeployOptionError, readDeployOptions } from '../../infra/deploy-options.js';

const optionsFrom = (context: Record<string, unknown>) => readDeployOptions(new App({ context }).node);

describe('the deployment options', () => {
  it('default to nothing: every stack default applies', () => {
    expect(optionsFrom({})).toEqual({});
  });

  it('read strings as given on the command line (-c key=value)', () => {
    const options = optionsFrom({
      'provstat:removeOnDelete': 'true',
      'provstat:uploadPrincipal': '123456789012',
      'provstat:analystPrincipal': 'arn:aws:iam::123456789012:role/analysts',
      'provstat:ingestReservedConcurrency': '3',
      'provstat:bytesScannedCutoffMb': '50',
      'provstat:lastProjectedYear': '2040',
    });
    expect(options.removalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(options.uploadPrincipal).toBeInstanceOf(iam.AccountPrincipal);
    expect(options.analystPrincipal).toBeInstanceOf(iam.ArnPrincipal);
    expect(options.ingestReservedConcurrency).toBe(3);
    expect(options.bytesScannedCutoffPerQuery).toBe(50 * 1024 * 1024);
    expect(options.lastProjectedYear).toBe(2040);
  });

  it('turn reserved concurrency off with "none"', () => {
    const options = optionsFrom({ 'provstat:ingestReservedConcurrency': 'none' });
    expect('ingestReservedConcurrency' in options).toBe(true);
    expect(options.ingestReservedConcurrency).toBeUndefined();
  });

  it('read a stage name', () => {
    expect(optionsFrom({ 'provstat:stage': 'test-2' }).stage).toBe('test-2');
    expect('stage' in optionsFrom({})).toBe(false);
  });

  it.each([
    ['provstat:stage', 'Test'],
    ['provstat:stage', 'a_b'],
    ['provstat:stage', '2025'],
    ['provstat:stage', 'blue-'],
    ['provstat:stage', 'a'.repeat(21)],
    ['provstat:removeOnDelete', 'yes'],
    ['provstat:uploadPrincipal', 'province-uploaders'],
    ['provstat:provinceUploadPrincipals', '{"VN-22": "nghe-an"}'],
    ['provstat:provinceUploadPrincipals', 'VN-22=arn'],
    ['provstat:alarmEmail', 'ops'],
    ['provstat:ingestReservedConcurrency', '2.5'],
    ['provstat:bytesScannedCutoffMb', '5'],
    ['provstat:lastProjectedYear', '2001'],
  ])('refuse %s=%s with a sentence naming the option', (option, value) => {
    expect(() => optionsFrom({ [option]: value })).toThrow(DeployOptionError);
    expect(() => optionsFrom({ [option]: value })).toThrow(option);
  });
});
