"""Rate limiting core: GCRA decisions in Redis (one atomic script) or in process.

`policy` holds the limit, the decision and the pure arithmetic; `redis_limiter` and
`memory_limiter` keep the per-bucket state; `resilient` applies a policy when Redis fails.

Bucket keys are built with `policy.bucket_key(subject, endpoint)`: the subject is who is
charged (`key:<api key id>`, `service` for the service token, or `addr:<client address>`
when anonymous; only authenticated ids count) and the endpoint what is charged for (a REST
alias's path template, `graphql` for requests, `graphql:points` for the query cost budget),
e.g. `key:k1|/v1/telemetry/history`. `service` wires it into the app, `http` into routes.
"""
