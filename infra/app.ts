/**
 * The CDK app: one provstat stack, checked by cdk-nag (AwsSolutions) at every synth. Options come
 * from CDK context; see deploy-options.ts and the README's "Deploy to AWS".
 */
import { App } from 'aws-cdk-lib';
import { readDeployOptions } from './deploy-options.js';
import { addNagChecks } from './nag-checks.js';
import { ProvstatStack, stackIdOf } from './provstat-stack.js';

const app = new App();
const options = readDeployOptions(app.node);
new ProvstatStack(app, stackIdOf(options.stage), options);
addNagChecks(app);
app.synth();
