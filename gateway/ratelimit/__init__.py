"""Rate limiting core: GCRA decisions in Redis (one atomic script) or in process.

`policy` holds the limit, the decision and the pure arithmetic; `redis_limiter` and
`memory_limiter` keep the per-bucket state; `resilient` applies a policy when Redis fails.

Bucket keys are built by the caller with `policy.bucket_key(subject, endpoint)`: the subject
is who is charged (`key:<api key id>`, or `ip:<client address>` when anonymous) and the
endpoint what is charged for (`rest:<path template>`, `gql:<operation>`, `ws:connect`), e.g.
`key:k1|rest:/v1/telemetry/history`.
"""
