/**
 * The Athena client settings every caller uses (the rollup, `provstat query --engine athena`, the
 * runner's own client): the SDK's standard retry strategy, which retries throttling
 * (ThrottlingException, TooManyRequestsException) and transient faults with exponential backoff
 * and jitter, with more attempts than the SDK's default three, since Athena's API limits are low.
 */
import type { AthenaClientConfig } from '@aws-sdk/client-athena';

/** Attempts per Athena API call, the first included, before its error reaches the caller. */
export const ATHENA_MAX_ATTEMPTS = 6;

/** The shared settings, with a caller's own (region, endpoint, credentials) on top. */
export function athenaClientConfig(config: AthenaClientConfig = {}): AthenaClientConfig {
  return { retryMode: 'standard', maxAttempts: ATHENA_MAX_ATTEMPTS, ...config };
}
