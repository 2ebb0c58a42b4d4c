/**
 * The deployment's options, read once from CDK context (`cdk.json` or `npx cdk deploy -c key=value`),
 * each checked and failing fast with the name of the option at fault.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Node } from 'constructs';
import type { ProvstatStackProps } from './provstat-stack.js';

/** Every context option the app reads, with what it does. */
export const CONTEXT_OPTIONS = {
  stage: 'provstat:stage',
  removeOnDelete: 'provstat:removeOnDelete',
  uploadPrincipal: 'provstat:uploadPrincipal',
  provinceUploadPrincipals: 'provstat:provinceUploadPrincipals',
  analystPrincipal: 'provstat:analystPrincipal',
  alarmEmail: 'provstat:alarmEmail',
  rollupSchedule: 'provstat:rollupSchedule',
  rollupTimeZone: 'provstat:rollupTimeZone',
  ingestReservedConcurrency: 'provstat:ingestReservedConcurrency',
  bytesScannedCutoffMb: 'provstat:bytesScannedCutoffMb',
  lastProjectedYear: 'provstat:lastProjectedYear',
} as const;

/** A deployment option that cannot be used, named in the message. */
export class DeployOptionError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`context option ${option}: ${message}`);
    this.name = 'DeployOptionError';
  }
}

/** Reads the stack's options from the context of an app (or any construct's node). */
export function readDeployOptions(node: Node): ProvstatStackProps {
  const read = (option: string): unknown => {
    const value: unknown = node.tryGetContext(option);
    return value === '' ? undefined : value;
  };
  const props: Record<string, unknown> = {};
  const stage = read(CONTEXT_OPTIONS.stage);
  if (stage !== undefined) {
    // Lower-case letters, digits and inner hyphens: valid in a stack, workgroup and (as _) Glue database name.
    if (typeof stage !== 'string' || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(stage) || stage.length > 20) {
      throw new DeployOptionError(
        CONTEXT_OPTIONS.stage,
        `"${String(stage)}" is not a stage name: up to 20 lower-case ` +
          'letters, digits and inner hyphens, starting with a letter',
      );
    }
    props.stage = stage;
  }
  const removeOnDelete = readBoolean(CONTEXT_OPTIONS.removeOnDelete, read(CONTEXT_OPTIONS.removeOnDelete));
  if (removeOnDelete) props.removalPolicy = RemovalPolicy.DESTROY;

  const uploadPrincipal = read(CONTEXT_OPTIONS.uploadPrincipal);
  if (uploadPrincipal !== undefined)
    props.uploadPrincipal = readPrincipal(CONTEXT_OPTIONS.uploadPrincipal, uploadPrincipal);
  const provincePrincipals = read(CONTEXT_OPTIONS.provinceUploadPrincipals);
  if (provincePrincipals !== undefined)
    props.provinceUploadPrincipals = readPrincipalMap(CONTEXT_OPTIONS.provinceUploadPrincipals, provincePrincipals);
  const analystPrincipal = read(CONTEXT_OPTIONS.analystPrincipal);
  if (analystPrincipal !== undefined)
    props.analystPrincipal = readPrincipal(CONTEXT_OPTIONS.analystPrincipal, analystPrincipal);

  const alarmEmail = read(CONTEXT_OPTIONS.alarmEmail);
  if (alarmEmail !== undefined) {
    if (typeof alarmEmail !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail))
      throw new DeployOptionError(CONTEXT_OPTIONS.alarmEmail, `"${String(alarmEmail)}" is not an e-mail address`);
    props.alarmEmail = alarmEmail;
  }
  const schedule = read(CONTEXT_OPTIONS.rollupSchedule);
  if (schedule !== undefined) {
    if (typeof schedule !== 'string' || !/^(cron|rate|at)\(.+\)$/.test(schedule))
      throw new DeployOptionError(
        CONTEXT_OPTIONS.rollupSchedule,
        `"${String(schedule)}" is not a schedule expression such as cron(0 8 15 1,4,7,10 ? *)`,
      );
    props.rollupSchedule = schedule;
  }
  const timeZone = read(CONTEXT_OPTIONS.rollupTimeZone);
  if (timeZone !== undefined) {
    if (typeof timeZone !== 'string' || !isTimeZone(timeZone))
      throw new DeployOptionError(
        CONTEXT_OPTIONS.rollupTimeZone,
        `"${String(timeZone)}" is not an IANA time zone such as Asia/Ho_Chi_Minh`,
      );
    props.rollupTimeZone = timeZone;
  }
  const concurrency = read(CONTEXT_OPTIONS.ingestReservedConcurrency);
  if (concurrency !== undefined) {
    props.ingestReservedConcurrency =
      concurrency === 'none'
        ? undefined
        : readWholeNumber(CONTEXT_OPTIONS.ingestReservedConcurrency, concurrency, 1, 1000, 'or "none"');
  }
  const cutoff = read(CONTEXT_OPTIONS.bytesScannedCutoffMb);
  if (cutoff !== undefined)
    props.bytesScannedCutoffPerQuery =
      readWholeNumber(CONTEXT_OPTIONS.bytesScannedCutoffMb, cutoff, 10, 10_000_000, '(megabytes)') * 1024 * 1024;
  const lastYear = read(CONTEXT_OPTIONS.lastProjectedYear);
  if (lastYear !== undefined)
    props.lastProjectedYear = readWholeNumber(CONTEXT_OPTIONS.lastProjectedYear, lastYear, 2008, 2099, '(a year)');
  return props as ProvstatStackProps;
}

function readBoolean(option: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new DeployOptionError(option, `"${String(value)}" is not true or false`);
}

function readWholeNumber(option: string, value: unknown, min: number, max: number, hint: string): number {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < min || number > max)
    throw new DeployOptionError(option, `"${String(value)}" is not a whole number from ${min} to ${max} ${hint}`);
  return number;
}

/** An account id (`123456789012`) or an IAM principal ARN (role, user or account root). */
function readPrincipal(option: string, value: unknown): iam.IPrincipal {
  if (typeof value === 'string' && /^\d{12}$/.test(value)) return new iam.AccountPrincipal(value);
  if (typeof value === 'string' && /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/.+|user\/.+)$/.test(value))
    return new iam.ArnPrincipal(value);
  throw new DeployOptionError(
    option,
    `"${String(value)}" is neither a 12-digit account id nor an IAM role, user or root ARN`,
  );
}

function readPrincipalMap(option: string, value: unknown): Record<string, iam.IPrincipal> {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new DeployOptionError(
        option,
        'is not a JSON object of ISO code to principal, e.g. {"VN-01":"arn:aws:iam::123456789012:role/lai-chau"}',
      );
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new DeployOptionError(option, 'must be an object of ISO code to principal');
  return Object.fromEntries(
    Object.entries(parsed).map(([code, principal]) => [code, readPrincipal(`${option}.${code}`, principal)]),
  );
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
