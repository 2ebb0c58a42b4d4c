/**
 * The SNS topic every alarm notifies, encrypted with a key CloudWatch may use, optionally with an
 * e-mail subscription.
 */
import { ArnFormat, Aws, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  /**
   * An address that receives every alarm (it must confirm the subscription).
   * @default no subscription: subscribe to the topic after deployment
   */
  readonly email?: string;
}

/** Settings for one alarm on a metric. */
export interface AlarmSettings {
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly description: string;
  /**
   * Consecutive periods over the threshold before the alarm fires.
   * @default 1
   */
  readonly evaluationPeriods?: number;
}

export class AlarmTopic extends Construct {
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    // The AWS-managed SNS key cannot be used by CloudWatch alarms, so the topic gets its own key.
    const key = new kms.Key(this, 'Key', { description: 'Encrypts the provstat alarm topic', enableKeyRotation: true });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'provstat alarms', masterKey: key, enforceSSL: true });
    // enforceSSL gives the topic a policy of its own, which replaces SNS's default one: without this
    // statement CloudWatch may not publish and no alarm would ever notify.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsOfThisAccountPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': Stack.of(this).formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }

  /** An alarm at or over `threshold`, notifying the topic; missing data counts as fine. */
  alarm(scope: Construct, id: string, settings: AlarmSettings): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, id, {
      metric: settings.metric,
      threshold: settings.threshold,
      evaluationPeriods: settings.evaluationPeriods ?? 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: settings.description,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    return alarm;
  }
}

/** The period alarms look at. */
export const ALARM_PERIOD = Duration.minutes(5);
