/**
 * The CDK app: one provstat stack, checked by cdk-nag (AwsSolutions) at every synth. Options come
 * from CDK context; see deploy-options.ts and the README's "Deploy to AWS".
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeployOptions } from './deploy-options.js';
import { ProvstatStack } from './provstat-stack.js';

const app = new App();
new ProvstatStack(app, 'Provstat', readDeployOptions(app.node));
// Unacknowledged findings fail the synth; acknowledgements and their reasons are written into the template.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
app.synth();
