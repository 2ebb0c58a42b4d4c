/**
 * cdk-nag's AwsSolutions checks on an app: an unacknowledged finding fails the synth, and every
 * acknowledgement with its reason is written into the template's metadata for reviewers.
 */
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
}
