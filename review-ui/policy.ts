// The policy lives in profiles/policy.ts (below the pipeline, which samples with it); the UI imports it here.
export * from '../profiles/policy.ts';
