import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Date (isoformat) */
  Date: { input: string; output: string; }
  /** Date with time (isoformat) */
  DateTime: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](https://ecma-international.org/wp-content/uploads/ECMA-404_2nd_edition_december_2017.pdf). */
  JSON: { input: unknown; output: unknown; }
};

/** A channel with open tasks (pending or active). */
export type ActiveChannel = {
  activeTasks: Scalars['Int']['output'];
  channelId: Scalars['String']['output'];
  lastActivityAt: Scalars['DateTime']['output'];
  pendingTasks: Scalars['Int']['output'];
};

export type Adapter = {
  adapterType: Scalars['String']['output'];
};

/** One CIRIS agent of the fleet. */
export type Agent = {
  adapters: Maybe<Array<Adapter>>;
  /** A metric's stored hourly or daily aggregates whose period starts in [since, until), oldest first (periods without points have none). `until` defaults to the end of the agent's last complete period, `since` to `last` periods before it (default 24 hours or 7 days); at most 744 hours or 366 days. SOURCE_UNAVAILABLE without a gateway store. */
  aggregates: Array<MetricAggregate>;
  /** The agent's audit trail, newest first by (recordedAt, sequenceNumber). `since` is inclusive, `until` exclusive; `actor` matches the payload's actor or the actorKeyId; `outcome` and `eventType` match any of the given values; `entityId` the entry's subject. `first` is 1..100. Pages from the agent's database continue from a fixed position, so entries recorded meanwhile never shift them; over REST see the README. BAD_USER_INPUT for a malformed cursor, `since` after `until`, or `first` out of range. */
  audit: Maybe<AuditEntryConnection>;
  /** Circuit breakers of both sets, or of one `source`, in `state`. */
  circuitBreakers: Maybe<Array<CircuitBreaker>>;
  cognitiveState: Maybe<CognitiveState>;
  /** One UTC day (default: the last complete day by the agent's clock) per metric (default: tokens, cost, latency, handler invocations and errors, thoughts; at most 20): the daily aggregate, peak hours, the previous day and anomalous hours. */
  dailySummary: Maybe<DailySummary>;
  /** Null when the agent runs no Discord adapter. */
  discord: Maybe<DiscordStatus>;
  /** Error groups (one per fingerprint), most recently seen first. `source` matches a logger and its children; `since` keeps groups last seen at or after it. */
  errors: Maybe<ErrorConnection>;
  /** Handler metrics the gateway stored periodically (the newest `last`, 1 to 100, newest first), so they outlive restarts of the gateway and the agent. */
  handlerSnapshots: Maybe<Array<HandlerMetricsSnapshot>>;
  /** The registered action handlers with their counters. */
  handlers: Maybe<Array<HandlerStats>>;
  /** The agent's own health verdict with its warning codes. */
  health: Maybe<SystemHealth>;
  /** A metric's raw points in [since, until): in `step`-second buckets aligned to the epoch with the requested aggregates, or as they are without `step`. `until` defaults to the agent's clock; `tags` keep points whose labels match them all. */
  history: Maybe<MetricHistory>;
  id: Scalars['ID']['output'];
  identity: Maybe<Identity>;
  /** This agent's incidents as a connection. Newest first by first sighting. `severity` and `status` keep incidents in any of the listed values (severity normalised from the agent's levels: critical, error -> HIGH, warning -> MEDIUM, info -> LOW); `since`/`until` keep those seen during [since, until): last seen at or after `since`, first seen before `until`. `first` is 1..100; `after` is an `endCursor` (BAD_USER_INPUT for a malformed cursor, `since` not before `until`, or times without a zone). */
  incidentConnection: Maybe<IncidentConnection>;
  /** The most recent incidents, newest first (at most 100). */
  incidents: Maybe<Array<Incident>>;
  /** LLM usage per provider and in total. */
  llm: Maybe<LlmUsage>;
  queue: Maybe<QueueStatus>;
  /** How many incidents were seen in the last `hours` hours. */
  recentIncidentCount: Maybe<Scalars['Int']['output']>;
  resources: Maybe<Resources>;
  serviceHealth: Maybe<ServiceHealth>;
  serviceRegistry: Maybe<ServiceRegistry>;
  snapshot: Maybe<SystemSnapshot>;
  /** Thoughts, newest first. */
  thoughts: Maybe<ThoughtConnection>;
  /** This gateway's aggregation of the agent's raw metric points (compression, storage saved, last and next run) and the agent's own consolidation state. */
  tsdbStatus: Maybe<TsdbStatus>;
  /** LLM tokens and cost over the last hour and 24 hours. */
  usage: Maybe<UsageSummary>;
  version: Maybe<Scalars['String']['output']>;
};


/** One CIRIS agent of the fleet. */
export type AgentAggregatesArgs = {
  last?: InputMaybe<Scalars['Int']['input']>;
  metric: Scalars['String']['input'];
  period?: AggregatePeriod;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
};


/** One CIRIS agent of the fleet. */
export type AgentAuditArgs = {
  actor?: InputMaybe<Scalars['String']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  entityId?: InputMaybe<Scalars['String']['input']>;
  eventType?: InputMaybe<Array<Scalars['String']['input']>>;
  first?: Scalars['Int']['input'];
  outcome?: InputMaybe<Array<AuditOutcome>>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
};


/** One CIRIS agent of the fleet. */
export type AgentCircuitBreakersArgs = {
  source?: InputMaybe<BreakerSource>;
  state?: InputMaybe<Array<BreakerState>>;
};


/** One CIRIS agent of the fleet. */
export type AgentDailySummaryArgs = {
  anomalyStatistic?: AnomalyStatistic;
  day?: InputMaybe<Scalars['Date']['input']>;
  metrics?: InputMaybe<Array<Scalars['String']['input']>>;
};


/** One CIRIS agent of the fleet. */
export type AgentErrorsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  fingerprint?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  level?: InputMaybe<ErrorLevel>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  source?: InputMaybe<Scalars['String']['input']>;
};


/** One CIRIS agent of the fleet. */
export type AgentHandlerSnapshotsArgs = {
  last?: Scalars['Int']['input'];
};


/** One CIRIS agent of the fleet. */
export type AgentHistoryArgs = {
  aggregates?: InputMaybe<Array<HistoryAggregate>>;
  metric: Scalars['String']['input'];
  since: Scalars['DateTime']['input'];
  step?: InputMaybe<Scalars['Int']['input']>;
  tags?: InputMaybe<Array<TagFilter>>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
};


/** One CIRIS agent of the fleet. */
export type AgentIncidentConnectionArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  severity?: InputMaybe<Array<IncidentSeverity>>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  status?: InputMaybe<Array<IncidentStatus>>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
};


/** One CIRIS agent of the fleet. */
export type AgentIncidentsArgs = {
  last?: Scalars['Int']['input'];
};


/** One CIRIS agent of the fleet. */
export type AgentRecentIncidentCountArgs = {
  hours?: Scalars['Float']['input'];
};


/** One CIRIS agent of the fleet. */
export type AgentSnapshotArgs = {
  recentDecisions?: Scalars['Int']['input'];
};


/** One CIRIS agent of the fleet. */
export type AgentThoughtsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  status?: InputMaybe<Array<ThoughtStatus>>;
  type?: InputMaybe<Array<ThoughtType>>;
};

/** An agent audit entry about a thought or task of this trace. */
export type AgentAuditEvent = TraceEvent & {
  actionType: Scalars['String']['output'];
  /** The handler, else the agent's key. */
  actor: Scalars['String']['output'];
  /** The agent it belongs to; null for the gateway's own requests and errors. */
  agentId: Maybe<Scalars['ID']['output']>;
  /** When it happened (a span: when it began). */
  at: Scalars['DateTime']['output'];
  entryId: Scalars['ID']['output'];
  executionTimeMs: Maybe<Scalars['Float']['output']>;
  handler: Maybe<Scalars['String']['output']>;
  kind: TraceEventKind;
  outcome: Maybe<Scalars['String']['output']>;
  /** One line saying what happened. */
  summary: Scalars['String']['output'];
  taskId: Maybe<Scalars['String']['output']>;
  thoughtId: Maybe<Scalars['String']['output']>;
};

/** The agent's TSDBConsolidationService as it reports itself. It consolidates inside the agent's storage every 6 hours (basic), weekly (extensive) and monthly (profound); a null time means that level has not run since the agent started. */
export type AgentConsolidation = {
  /** The last basic (6-hourly) consolidation. */
  lastConsolidationAt: Maybe<Scalars['DateTime']['output']>;
  lastExtensiveAt: Maybe<Scalars['DateTime']['output']>;
  lastProfoundAt: Maybe<Scalars['DateTime']['output']>;
  /** The start of the agent's next consolidation period (the agent adds a random 30-600 s delay); null when its period manager is not reachable. */
  nextRunAt: Maybe<Scalars['DateTime']['output']>;
};

export type AgentEvent = {
  agentId: Scalars['ID']['output'];
  at: Scalars['DateTime']['output'];
  breaker: Maybe<BreakerChange>;
  cognitiveState: Maybe<CognitiveStateChange>;
  /** Events this subscriber lost to its full queue just before this one. */
  dropped: Scalars['Int']['output'];
  error: Maybe<RecordedError>;
  gap: Scalars['Boolean']['output'];
  kind: AgentEventKind;
  llmCall: Maybe<LlmCall>;
  payload: Scalars['JSON']['output'];
  /** Monotonic per agent; resume with `since`. */
  sequence: Scalars['Int']['output'];
};

/** What changed. GAP: the replay buffer no longer reaches `since`. */
export type AgentEventKind =
  | 'CIRCUIT_BREAKER_CHANGED'
  | 'COGNITIVE_STATE_CHANGED'
  | 'ERROR_RECORDED'
  | 'GAP'
  | 'HEALTH_CHANGED'
  | 'INCIDENT_OPENED'
  | 'LLM_CALL'
  | 'THOUGHT_UPDATED';

/** Against the previous period's aggregate of the same metric. */
export type AggregateChange = {
  avgAbsolute: Scalars['Float']['output'];
  /** (avg - previous avg) / |previous avg|; null when the previous avg is 0. */
  avgRelative: Maybe<Scalars['Float']['output']>;
  sumAbsolute: Scalars['Float']['output'];
  /** (sum - previous sum) / |previous sum|; null when the previous sum is 0. */
  sumRelative: Maybe<Scalars['Float']['output']>;
  trend: AggregateTrend;
};

/** An aggregate's period: one UTC hour, or one UTC day merged from its hours. */
export type AggregatePeriod =
  | 'DAY'
  | 'HOUR';

/** The agent's raw points an aggregate covers: those of `metric` at [since, until), `points` many, from the first to the last point node. `Agent.history(metric, since, until)` reads them again. */
export type AggregateRawRange = {
  firstNodeId: Scalars['String']['output'];
  firstPointAt: Scalars['DateTime']['output'];
  lastNodeId: Scalars['String']['output'];
  lastPointAt: Scalars['DateTime']['output'];
  points: Scalars['Int']['output'];
  since: Scalars['DateTime']['output'];
  until: Scalars['DateTime']['output'];
};

/** One source of an aggregate (an AGGREGATED_FROM edge): for a day, one of its hourly aggregates; for an hour, its raw points. */
export type AggregateSource = {
  /** The hourly aggregate (kind HOURLY_AGGREGATE); null for raw points, or where the hour is no longer stored. */
  aggregate: Maybe<MetricAggregate>;
  /** The id of the edge's target node. */
  id: Scalars['ID']['output'];
  kind: AggregateSourceKind;
  /** The raw points (kind RAW_POINTS); null for an hourly aggregate. */
  rawRange: Maybe<AggregateRawRange>;
};

/** What an aggregate was computed from. */
export type AggregateSourceKind =
  | 'HOURLY_AGGREGATE'
  | 'RAW_POINTS';

/** The direction of the average against the previous period. */
export type AggregateTrend =
  | 'DOWN'
  | 'FLAT'
  | 'UP';

/** One requested aggregate of a bucket. */
export type AggregateValue = {
  aggregate: HistoryAggregate;
  /** Null for an empty bucket (SUM and COUNT are 0 there). */
  value: Maybe<Scalars['Float']['output']>;
};

/** An hour whose value stands out from the hours before it: |score| above the threshold, with score = (value - expected) / scale and `expected` the baseline's median. */
export type Anomaly = {
  /** How many earlier hours had a value. */
  baselineHours: Scalars['Int']['output'];
  direction: AnomalyDirection;
  /** The median of the baseline hours. */
  expected: Scalars['Float']['output'];
  hour: Scalars['DateTime']['output'];
  metric: Scalars['String']['output'];
  scale: AnomalyScale;
  score: Scalars['Float']['output'];
  value: Scalars['Float']['output'];
};

/** Whether the hour was above or below what its baseline expected. */
export type AnomalyDirection =
  | 'DOWN'
  | 'UP';

/** The deviation a score is measured in. */
export type AnomalyScale =
  | 'FLAT_FLOOR'
  | 'MAD'
  | 'MEAN_ABSOLUTE_DEVIATION';

/** The value of each hourly aggregate that anomalies are scored on. SUM and COUNT are 0 in an hour the job covered without points; AVG, P95 and MAX do not exist there. */
export type AnomalyStatistic =
  | 'AVG'
  | 'COUNT'
  | 'MAX'
  | 'P95'
  | 'SUM';

/** One entry of an agent's audit trail. */
export type AuditEntry = {
  /** Who acted, from the payload: a handler or service name. */
  actor: Maybe<Scalars['String']['output']>;
  /** The identity the entry was written under: the agent's signing public key (base64) on persist, the originator id on 2.8. */
  actorKeyId: Maybe<Scalars['String']['output']>;
  /** The payload's details object (values as the agent wrote them). */
  details: Maybe<Scalars['JSON']['output']>;
  /** What the entry is about (persist subject_id). */
  entityId: Maybe<Scalars['String']['output']>;
  /** This entry's hash (base64 SHA-256), chaining the previous. */
  entryHash: Maybe<Scalars['String']['output']>;
  /** The action type as the agent stores it, e.g. handler_action_speak, system_event, config_change. */
  eventType: Scalars['String']['output'];
  /** The entry id (persist entry_id, 2.8 event_id). */
  id: Scalars['ID']['output'];
  /** The payload's outcome; null when absent or not a known one. */
  outcome: Maybe<AuditOutcome>;
  /** The payload's outcome exactly as written. */
  outcomeRaw: Maybe<Scalars['String']['output']>;
  /** The previous entry's hash (base64 SHA-256); null over REST. */
  previousHash: Maybe<Scalars['String']['output']>;
  recordedAt: Scalars['DateTime']['output'];
  /** Its place in the agent's chain; null over REST. */
  sequenceNumber: Maybe<Scalars['Int']['output']>;
  /** The signature over the entry hash (base64). */
  signature: Maybe<Scalars['String']['output']>;
  signatureStatus: SignatureStatus;
  /** Which key signed it; null over REST. */
  signingKeyId: Maybe<Scalars['String']['output']>;
  /** The kind of subject (persist subject_kind, agent_event). */
  subjectKind: Maybe<Scalars['String']['output']>;
};

export type AuditEntryConnection = {
  /** Whether this page's chain links hold: for each two adjacent entries with consecutive sequence numbers, the newer's previousHash equals the older's entryHash. Null when the page holds no such pair (filtered pages, one entry, REST). */
  chainIntact: Maybe<Scalars['Boolean']['output']>;
  edges: Array<AuditEntryEdge>;
  nodes: Array<AuditEntry>;
  pageInfo: PageInfo;
  /** Entries matching the filters, whatever the page (a count). */
  totalCount: Scalars['Int']['output'];
};

export type AuditEntryEdge = {
  cursor: Scalars['String']['output'];
  node: AuditEntry;
};

/** How an audited action ended (the agent's EventOutcome). */
export type AuditOutcome =
  | 'FAILURE'
  | 'PARTIAL'
  | 'SKIPPED'
  | 'SUCCESS';

/** Availability from the gateway's samples; a window is null when it holds no sample. */
export type Availability = {
  last7Days: Maybe<AvailabilityWindow>;
  last24Hours: Maybe<AvailabilityWindow>;
  lastHour: Maybe<AvailabilityWindow>;
};

/** Samples in one trailing window and the share of them up. */
export type AvailabilityWindow = {
  /** Up samples as a percentage of all samples. */
  percent: Scalars['Float']['output'];
  samples: Scalars['Int']['output'];
  upSamples: Scalars['Int']['output'];
};

export type BreakerChange = {
  consecutiveFailures: Scalars['Int']['output'];
  failureCount: Scalars['Int']['output'];
  fromState: Maybe<BreakerState>;
  key: Scalars['String']['output'];
  name: Scalars['String']['output'];
  source: BreakerSource;
  toState: BreakerState;
};

/** A circuit breaker as the agent reports it right after its reset. */
export type BreakerResetResult = {
  /** The gateway audit log entry that records this reset. */
  auditEntryId: Scalars['ID']['output'];
  breaker: CircuitBreaker;
};

/** Which of the agent's two circuit-breaker sets a breaker is in. */
export type BreakerSource =
  | 'LLM_BUS'
  | 'REGISTRY';

export type BreakerState =
  | 'CLOSED'
  | 'HALF_OPEN'
  | 'OPEN';

/** One circuit breaker with its full statistics and configuration. */
export type CircuitBreaker = {
  config: CircuitBreakerConfig;
  consecutiveFailures: Scalars['Int']['output'];
  failureCount: Scalars['Int']['output'];
  /** The provider name the breaker is registered under. */
  key: Scalars['String']['output'];
  lastFailureAt: Maybe<Scalars['DateTime']['output']>;
  lastOpenAt: Maybe<Scalars['DateTime']['output']>;
  /** The breaker's own name as the agent reports it. */
  name: Scalars['String']['output'];
  recoveryAttempts: Scalars['Int']['output'];
  serviceType: Maybe<Scalars['String']['output']>;
  source: BreakerSource;
  state: BreakerState;
  stateTransitions: Scalars['Int']['output'];
  successCount: Scalars['Int']['output'];
  successRate: Scalars['Float']['output'];
  timeInOpenStateSeconds: Scalars['Float']['output'];
  totalCalls: Scalars['Int']['output'];
  totalFailures: Scalars['Int']['output'];
  totalResets: Scalars['Int']['output'];
  totalSuccesses: Scalars['Int']['output'];
  totalTrips: Scalars['Int']['output'];
};

export type CircuitBreakerConfig = {
  failureThreshold: Scalars['Int']['output'];
  recoveryTimeoutSeconds: Scalars['Float']['output'];
  successThreshold: Scalars['Int']['output'];
  timeoutDurationSeconds: Scalars['Float']['output'];
};

export type CognitiveState = {
  allowedNext: Array<CognitiveStateName>;
  current: CognitiveStateName;
  history: Array<StateTransition>;
  paused: Scalars['Boolean']['output'];
  since: Maybe<Scalars['DateTime']['output']>;
};

export type CognitiveStateChange = {
  fromState: Maybe<CognitiveStateName>;
  toState: CognitiveStateName;
};

/** The agent's cognitive state (AgentState). */
export type CognitiveStateName =
  | 'DREAM'
  | 'PLAY'
  | 'SHUTDOWN'
  | 'SOLITUDE'
  | 'WAKEUP'
  | 'WORK';

/** A group of repeated errors (one fingerprint): the newest occurrence's details and how often it occurred. COLLECTOR groups come from the gateway's collector in the agent's process; AGENT_LOG groups from the agent's ERROR/CRITICAL log lines over REST (no code location, no stack trace; counted over the lines its log route returns). */
export type CollectedError = {
  context: CollectedErrorContext;
  file: Maybe<Scalars['String']['output']>;
  fingerprint: Scalars['String']['output'];
  firstSeen: Scalars['DateTime']['output'];
  function: Maybe<Scalars['String']['output']>;
  lastSeen: Scalars['DateTime']['output'];
  /** The level name as logged (WARNING, ERROR, ...). */
  level: Scalars['String']['output'];
  line: Maybe<Scalars['Int']['output']>;
  logger: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
  occurrences: Scalars['Int']['output'];
  origin: ErrorOrigin;
  /** The newest occurrence's stack trace (its last 20,000 characters). Needs ADMIN. Null when the error had none (always for AGENT_LOG groups). */
  stackTrace: Maybe<Scalars['String']['output']>;
  /** The exception class, or the level name for a log line without one. */
  typeName: Scalars['String']['output'];
};

/** What was being done when the newest occurrence was recorded. */
export type CollectedErrorContext = {
  handler: Maybe<Scalars['String']['output']>;
  taskId: Maybe<Scalars['String']['output']>;
  thoughtId: Maybe<Scalars['String']['output']>;
  traceId: Maybe<Scalars['String']['output']>;
};

/** A service correlation the agent persisted with this trace id. */
export type CorrelationSpan = TraceEvent & {
  action: Scalars['String']['output'];
  /** The agent it belongs to; null for the gateway's own requests and errors. */
  agentId: Maybe<Scalars['ID']['output']>;
  /** When it happened (a span: when it began). */
  at: Scalars['DateTime']['output'];
  correlationId: Scalars['ID']['output'];
  correlationType: Scalars['String']['output'];
  errorMessage: Maybe<Scalars['String']['output']>;
  errorType: Maybe<Scalars['String']['output']>;
  /** The call's execution time, where the agent recorded it. */
  executionTimeMs: Maybe<Scalars['Float']['output']>;
  /** The handler that made the call. */
  handler: Maybe<Scalars['String']['output']>;
  kind: TraceEventKind;
  parentSpanId: Maybe<Scalars['String']['output']>;
  serviceType: Scalars['String']['output'];
  spanId: Maybe<Scalars['String']['output']>;
  status: Scalars['String']['output'];
  success: Maybe<Scalars['Boolean']['output']>;
  /** One line saying what happened. */
  summary: Scalars['String']['output'];
  taskId: Maybe<Scalars['String']['output']>;
  thoughtId: Maybe<Scalars['String']['output']>;
};

/** One UTC day of an agent, read from the aggregates the gateway stored. Each hour of the day is scored against the `baselineHours` hours before it (reaching into the previous day) by a robust score: (value - median) / (1.4826 x MAD). */
export type DailySummary = {
  agentId: Scalars['ID']['output'];
  /** True when the aggregation job has finished the day; until then daily aggregates are null and hours may be missing. */
  aggregated: Scalars['Boolean']['output'];
  /** Every metric's anomalies, strongest (largest |score|) first. */
  anomalies: Array<Anomaly>;
  anomalyStatistic: AnomalyStatistic;
  anomalyThreshold: Scalars['Float']['output'];
  baselineHours: Scalars['Int']['output'];
  day: Scalars['Date']['output'];
  metrics: Array<MetricDaySummary>;
  since: Scalars['DateTime']['output'];
  /** Exclusive: the next day's start. */
  until: Scalars['DateTime']['output'];
};

/** A thought that ended in an action, with the reasoning behind it. */
export type Decision = {
  action: HandlerAction;
  channelId: Maybe<Scalars['String']['output']>;
  /** When the thought was last updated. */
  decidedAt: Scalars['DateTime']['output'];
  /** The final action's reasoning. */
  rationale: Maybe<Scalars['String']['output']>;
  taskId: Scalars['ID']['output'];
  thoughtId: Scalars['ID']['output'];
};

/** Which of the agent's two circuit-breaker sets a breaker is in. */
export type DependencyBreakerSource =
  | 'LLM_BUS'
  | 'REGISTRY';

export type DependencyHealth = {
  handlers: Array<HandlerDependencyHealth>;
  serviceTypes: Array<ServiceTypeDependencyHealth>;
};

/** Whether what a handler or service type needs can take calls. */
export type DependencyLevel =
  | 'DEGRADED'
  | 'HEALTHY'
  | 'UNAVAILABLE';

/** Why a dependency is not healthy. */
export type DependencyProblem = {
  /** Null: the provider itself reports unhealthy. */
  breakerSource: Maybe<DependencyBreakerSource>;
  circuitBreakerState: Maybe<BreakerState>;
  message: Scalars['String']['output'];
  /** Null: no provider is registered. */
  provider: Maybe<Scalars['String']['output']>;
  serviceType: Scalars['String']['output'];
};

export type DiscordConnectionState =
  | 'CONNECTED'
  | 'CONNECTING'
  | 'DISCONNECTED'
  | 'FAILED'
  | 'RECONNECTING';

/** Discord gateway connection of the agent's Discord adapter. */
export type DiscordStatus = {
  connected: Scalars['Boolean']['output'];
  guilds: Maybe<Scalars['Int']['output']>;
  lastConnectedAt: Maybe<Scalars['DateTime']['output']>;
  /** From the agent's discord.connection.lost metric; the manager keeps none. */
  lastDisconnectReason: Maybe<Scalars['String']['output']>;
  lastDisconnectedAt: Maybe<Scalars['DateTime']['output']>;
  latencyMs: Maybe<Scalars['Int']['output']>;
  maxReconnectAttempts: Scalars['Int']['output'];
  reconnectAttempts: Scalars['Int']['output'];
  state: DiscordConnectionState;
  users: Maybe<Scalars['Int']['output']>;
};

/** A caller's bucket at one endpoint, now (nothing is charged). */
export type EndpointRateLimit = {
  /** Requests allowed at once from a full bucket. */
  burst: Scalars['Int']['output'];
  /** "graphql", "graphql:points" (the points budget) or a REST path template. */
  endpoint: Scalars['String']['output'];
  /** Requests (or points) granted per period. */
  limit: Scalars['Int']['output'];
  periodSeconds: Scalars['Float']['output'];
  /** The approved quota request granting this limit (source QUOTA). */
  quotaRequestId: Maybe<Scalars['ID']['output']>;
  /** Requests that would still fit now. */
  remaining: Scalars['Int']['output'];
  /** When the bucket is full again (UTC). */
  resetAt: Scalars['DateTime']['output'];
  source: RateLimitSource;
  /** Requests of the burst in use now. */
  used: Scalars['Int']['output'];
};

export type ErrorConnection = {
  edges: Array<ErrorEdge>;
  nodes: Array<CollectedError>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ErrorEdge = {
  cursor: Scalars['String']['output'];
  node: CollectedError;
};

/** An error group stamped with this trace id or naming one of its thoughts or tasks; `at` is its newest occurrence. Stack traces are on `errors`, for ADMIN. */
export type ErrorEvent = TraceEvent & {
  /** The agent it belongs to; null for the gateway's own requests and errors. */
  agentId: Maybe<Scalars['ID']['output']>;
  /** When it happened (a span: when it began). */
  at: Scalars['DateTime']['output'];
  fingerprint: Scalars['String']['output'];
  firstSeen: Scalars['DateTime']['output'];
  kind: TraceEventKind;
  level: Scalars['String']['output'];
  logger: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
  occurrences: Scalars['Int']['output'];
  /** One line saying what happened. */
  summary: Scalars['String']['output'];
  typeName: Scalars['String']['output'];
};

/** The levels an error group is recorded at. */
export type ErrorLevel =
  | 'CRITICAL'
  | 'ERROR'
  | 'WARNING';

/** Where an error group comes from. */
export type ErrorOrigin =
  | 'AGENT_LOG'
  | 'COLLECTOR';

/** The compression of an export's file (its own, `.gz` / `.zst`). */
export type ExportCompression =
  | 'GZIP'
  | 'NONE'
  | 'ZSTD';

/** An export's file format. */
export type ExportFormat =
  | 'CSV'
  | 'JSON'
  | 'JSONL'
  | 'PARQUET';

/** The parameters of GET /v1/telemetry/export, with its defaults. */
export type ExportInput = {
  /** Optional when the gateway serves one agent. */
  agent?: InputMaybe<Scalars['ID']['input']>;
  compression?: ExportCompression;
  format?: ExportFormat;
  kind?: ExportKind;
  /** kind METRICS only; default: every stored metric. */
  metrics?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Range start (zoned), inclusive. */
  since: Scalars['DateTime']['input'];
  /** Range end, exclusive; default: the agent's now, fixed now. */
  until?: InputMaybe<Scalars['DateTime']['input']>;
};

/** An export running in the gateway; its file is downloaded from `downloadPath` once SUCCEEDED, until `expiresAt`. */
export type ExportJob = {
  agent: Scalars['ID']['output'];
  bytesWritten: Scalars['Int']['output'];
  compression: ExportCompression;
  createdAt: Scalars['DateTime']['output'];
  downloadPath: Scalars['String']['output'];
  /** Why the job FAILED. */
  error: Maybe<Scalars['String']['output']>;
  expiresAt: Maybe<Scalars['DateTime']['output']>;
  fileName: Scalars['String']['output'];
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  format: ExportFormat;
  id: Scalars['ID']['output'];
  kind: ExportKind;
  metrics: Array<Scalars['String']['output']>;
  /** Counted at creation (kind METRICS); null when the store cannot count. */
  rowsExpected: Maybe<Scalars['Int']['output']>;
  rowsWritten: Scalars['Int']['output'];
  since: Scalars['DateTime']['output'];
  startedAt: Maybe<Scalars['DateTime']['output']>;
  state: ExportJobState;
  /** Fixed at creation: every run, same rows. */
  until: Scalars['DateTime']['output'];
};

/** Where an export job is: QUEUED, RUNNING, then SUCCEEDED or FAILED; EXPIRED once its file was deleted. */
export type ExportJobState =
  | 'EXPIRED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

/** The rows an export holds. */
export type ExportKind =
  | 'AUDIT'
  | 'ERRORS'
  | 'INCIDENTS'
  | 'METRICS'
  | 'THOUGHTS';

/** The action a thought ended in. */
export type FinalAction = {
  action: HandlerAction;
  params: Scalars['JSON']['output'];
  reasoning: Maybe<Scalars['String']['output']>;
};

export type Fleet = {
  totals: FleetTotals;
};

/** Sums over every agent that answered; the rest count as unreachable. */
export type FleetTotals = {
  agents: Scalars['Int']['output'];
  agentsWithOpenBreakers: Scalars['Int']['output'];
  cost24hCents: Scalars['Float']['output'];
  costLastHourCents: Scalars['Float']['output'];
  critical: Scalars['Int']['output'];
  degraded: Scalars['Int']['output'];
  healthy: Scalars['Int']['output'];
  incidentsLastHour: Scalars['Int']['output'];
  initializing: Scalars['Int']['output'];
  openCircuitBreakers: Scalars['Int']['output'];
  tokens24h: Scalars['Float']['output'];
  tokensLastHour: Scalars['Float']['output'];
  unreachable: Scalars['Int']['output'];
};

/** A write through the gateway, from the gateway audit log. */
export type GatewayAuditEvent = TraceEvent & {
  action: Scalars['String']['output'];
  /** An API key id, or 'service' for the token. */
  actor: Scalars['String']['output'];
  /** The agent it belongs to; null for the gateway's own requests and errors. */
  agentId: Maybe<Scalars['ID']['output']>;
  /** When it happened (a span: when it began). */
  at: Scalars['DateTime']['output'];
  detail: Maybe<Scalars['String']['output']>;
  entryId: Scalars['ID']['output'];
  kind: TraceEventKind;
  /** success or failure (always set). */
  outcome: Maybe<Scalars['String']['output']>;
  requestId: Maybe<Scalars['String']['output']>;
  /** The caller's role (always set). */
  role: Maybe<Scalars['String']['output']>;
  spanId: Maybe<Scalars['String']['output']>;
  /** One line saying what happened. */
  summary: Scalars['String']['output'];
  target: Maybe<Scalars['String']['output']>;
};

export type GatewayInfo = {
  agentCount: Scalars['Int']['output'];
  version: Scalars['String']['output'];
};

/** A goal of the agent: its identity's purpose, or an open (PENDING or ACTIVE) scheduled task's goal description. Task fields are null for the purpose. */
export type Goal = {
  deferUntil: Maybe<Scalars['DateTime']['output']>;
  description: Scalars['String']['output'];
  lastRunAt: Maybe<Scalars['DateTime']['output']>;
  name: Maybe<Scalars['String']['output']>;
  nextRunAt: Maybe<Scalars['DateTime']['output']>;
  scheduleCron: Maybe<Scalars['String']['output']>;
  source: GoalSource;
  /** PENDING or ACTIVE, as the agent spells it. */
  status: Maybe<Scalars['String']['output']>;
  taskId: Maybe<Scalars['String']['output']>;
};

/** Where a goal comes from: upstream has no other notion of goals. */
export type GoalSource =
  | 'IDENTITY_PURPOSE'
  | 'SCHEDULED_TASK';

/** The ten actions the dispatcher hands to handlers. */
export type HandlerAction =
  | 'DEFER'
  | 'FORGET'
  | 'MEMORIZE'
  | 'OBSERVE'
  | 'PONDER'
  | 'RECALL'
  | 'REJECT'
  | 'SPEAK'
  | 'TASK_COMPLETE'
  | 'TOOL';

/** A bus an action handler calls, with the health of the registry's providers of the service type behind it. */
export type HandlerDependency = {
  /** At least one provider is registered and its circuit breaker is not OPEN. */
  healthy: Scalars['Boolean']['output'];
  /** The bus, by its name on the agent's bus manager (memory, communication, tool, wise). */
  name: Scalars['String']['output'];
  /** Those providers whose breaker is OPEN. */
  openBreakers: Scalars['Int']['output'];
  /** Registered providers of the service type. */
  providers: Scalars['Int']['output'];
  /** The ServiceType value behind the bus. */
  serviceType: Scalars['String']['output'];
};

/** An action handler's dependencies: the LLM (every thought's DMAs) and the service types of the buses it calls; the worst of their levels. */
export type HandlerDependencyHealth = {
  action: Scalars['String']['output'];
  dependsOn: Array<Scalars['String']['output']>;
  level: DependencyLevel;
  problems: Array<DependencyProblem>;
};

/** The latest error of a handler, as the gateway's collector saw it. */
export type HandlerError = {
  at: Scalars['DateTime']['output'];
  message: Scalars['String']['output'];
  /** The exception's class name. */
  type: Scalars['String']['output'];
};

/** How many of a handler's errors raised one exception class. */
export type HandlerErrorCount = {
  count: Scalars['Int']['output'];
  type: Scalars['String']['output'];
};

/** Every handler's metrics as the gateway stored them at one time. */
export type HandlerMetricsSnapshot = {
  handlers: Array<HandlerTiming>;
  takenAt: Scalars['DateTime']['output'];
};

/** An action handler: the counters the dispatcher wrote for it, the durations and errors the gateway's collector measured, and the buses it depends on. */
export type HandlerStats = {
  action: HandlerAction;
  /** Null where the gateway's collector measured no finished call of this handler (the agent records no durations; a remote agent's are not reachable). */
  averageDurationMs: Maybe<Scalars['Float']['output']>;
  /** Calls stopped from outside (neither success nor error). Null where the gateway's collector measured no finished call of this handler (the agent records no durations; a remote agent's are not reachable). */
  cancelled: Maybe<Scalars['Int']['output']>;
  className: Scalars['String']['output'];
  completions: Scalars['Int']['output'];
  /** The buses this handler calls, with their current health. */
  dependencies: Array<HandlerDependency>;
  errorRate: Scalars['Float']['output'];
  errors: Scalars['Int']['output'];
  /** The collector's error counts per exception class. */
  errorsByType: Array<HandlerErrorCount>;
  invocations: Scalars['Int']['output'];
  /** The latest exception the handler raised, as the collector saw it. */
  lastError: Maybe<HandlerError>;
  lastInvokedAt: Maybe<Scalars['DateTime']['output']>;
  /** Null where the gateway's collector measured no finished call of this handler (the agent records no durations; a remote agent's are not reachable). */
  p50DurationMs: Maybe<Scalars['Float']['output']>;
  /** Null where the gateway's collector measured no finished call of this handler (the agent records no durations; a remote agent's are not reachable). */
  p95DurationMs: Maybe<Scalars['Float']['output']>;
  /** Null where the gateway's collector measured no finished call of this handler (the agent records no durations; a remote agent's are not reachable). */
  p99DurationMs: Maybe<Scalars['Float']['output']>;
  successRate: Scalars['Float']['output'];
};

/** What the gateway's collector measured for one handler since it was installed (the agent itself records no durations). */
export type HandlerTiming = {
  cancelled: Scalars['Int']['output'];
  errors: Scalars['Int']['output'];
  errorsByType: Array<HandlerErrorCount>;
  /** The handler's class name. */
  handler: Scalars['String']['output'];
  /** Finished calls, cancelled ones included. */
  invocations: Scalars['Int']['output'];
  lastError: Maybe<HandlerError>;
  lastInvokedAt: Maybe<Scalars['DateTime']['output']>;
  meanMs: Maybe<Scalars['Float']['output']>;
  p50Ms: Maybe<Scalars['Float']['output']>;
  p95Ms: Maybe<Scalars['Float']['output']>;
  p99Ms: Maybe<Scalars['Float']['output']>;
};

export type HealthLevel =
  | 'CRITICAL'
  | 'DEGRADED'
  | 'HEALTHY'
  | 'UNHEALTHY';

export type HealthSummary = {
  healthyServices: Scalars['Int']['output'];
  /** Open or half-open, both sets. */
  openCircuitBreakers: Scalars['Int']['output'];
  overall: HealthLevel;
  unhealthyServices: Scalars['Int']['output'];
};

export type HealthWarning = {
  /** Machine-readable, e.g. adapters_failed_to_load. */
  code: Scalars['String']['output'];
  message: Maybe<Scalars['String']['output']>;
  severity: Maybe<Scalars['String']['output']>;
};

/** A value computed over a bucket's raw points. Percentiles are exact, by nearest rank: the smallest value with at least p% of the bucket's values at or below it. */
export type HistoryAggregate =
  | 'AVG'
  | 'COUNT'
  | 'MAX'
  | 'MIN'
  | 'P50'
  | 'P95'
  | 'P99'
  | 'SUM';

/** The points whose time falls in [start, start + step). */
export type HistoryBucket = {
  count: Scalars['Int']['output'];
  /** RAW: exact nearest-rank percentiles. AGGREGATED or MIXED: the bucket holds hourly aggregates; its percentiles come from their merged DDSketches (relative error at most 1%), its count, sum, min, max and average stay exact. */
  source: HistorySource;
  start: Scalars['DateTime']['output'];
  /** The requested aggregates, in the order asked. */
  values: Array<AggregateValue>;
};

/** One raw point. */
export type HistoryPoint = {
  at: Scalars['DateTime']['output'];
  labels: Scalars['JSON']['output'];
  nodeId: Scalars['String']['output'];
  value: Scalars['Float']['output'];
};

/** Where values were read from: RAW, the agent's raw TSDB points; AGGREGATED, the gateway's hourly aggregates (for whole hours older than the agent's raw retention); MIXED, both. */
export type HistorySource =
  | 'AGGREGATED'
  | 'MIXED'
  | 'RAW';

export type Identity = {
  agentId: Scalars['String']['output'];
  /** The hash of the agent's code, where the agent reports one. */
  codeHash: Maybe<Scalars['String']['output']>;
  codename: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  purpose: Maybe<Scalars['String']['output']>;
  role: Maybe<Scalars['String']['output']>;
  version: Scalars['String']['output'];
};

export type Incident = {
  /** The agent that recorded it (always set in connections). */
  agentId: Maybe<Scalars['ID']['output']>;
  category: Scalars['String']['output'];
  /** From its `corr:` key. */
  correlationId: Maybe<Scalars['String']['output']>;
  description: Maybe<Scalars['String']['output']>;
  exceptionType: Maybe<Scalars['String']['output']>;
  firstSeenAt: Scalars['DateTime']['output'];
  /** Code site and stack trace of the log call. */
  forensics: Maybe<IncidentForensics>;
  /** From its `handler:` key. */
  handler: Maybe<Scalars['String']['output']>;
  handlerName: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  lastSeenAt: Scalars['DateTime']['output'];
  occurrences: Scalars['Int']['output'];
  /** The agent's error groups of the same log call (logger, message and code site) seen while the incident was, most recent first (at most 20). */
  relatedErrors: Array<CollectedError>;
  resolutionNotes: Maybe<Scalars['String']['output']>;
  /** resolvedAt - firstSeenAt; null while unresolved. */
  resolutionSeconds: Maybe<Scalars['Float']['output']>;
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  severity: IncidentSeverity;
  sourceComponent: Maybe<Scalars['String']['output']>;
  status: IncidentStatus;
  /** From its `task:` key. */
  taskId: Maybe<Scalars['String']['output']>;
  /** From its `thought:` key. */
  thoughtId: Maybe<Scalars['String']['output']>;
  /** First seen, last seen (with the sightings then) and resolved: the moments the agent's incident row holds. The agent keeps no log of each sighting. */
  timeline: Array<IncidentEvent>;
  title: Scalars['String']['output'];
  /** Trace ids of the correlations the incident names (its `corr:` key's correlation, and those of its `thought:` key's thought), distinct, by first appearance (at most 20). Each resolves with `trace(id)`. The incidents of a page are looked up together. */
  traces: Array<IncidentTrace>;
};

/** A page of incidents. `totalCount` is counted by each agent's store apart from the page; `unreachableAgents` are agents whose store could not answer (left out). */
export type IncidentConnection = {
  edges: Array<IncidentEdge>;
  nodes: Array<Incident>;
  pageInfo: PageInfo;
  /** Every incident matching the filters, on every page. */
  totalCount: Scalars['Int']['output'];
  unreachableAgents: Array<Scalars['ID']['output']>;
};

export type IncidentEdge = {
  cursor: Scalars['String']['output'];
  node: Incident;
};

export type IncidentEvent = {
  at: Scalars['DateTime']['output'];
  kind: IncidentEventKind;
  /** Sightings up to and including this one. */
  occurrences: Scalars['Int']['output'];
};

/** A moment of an incident's life the agent's row records. */
export type IncidentEventKind =
  | 'FIRST_SEEN'
  | 'LAST_SEEN'
  | 'RESOLVED';

/** Where in the agent's code the incident was logged. */
export type IncidentForensics = {
  filename: Maybe<Scalars['String']['output']>;
  functionName: Maybe<Scalars['String']['output']>;
  lineNumber: Maybe<Scalars['Int']['output']>;
  /** The stack trace the agent recorded. Needs ADMIN. */
  stackTrace: Maybe<Scalars['String']['output']>;
};

/** IncidentSeverity of the agent (persist's levels mapped to it). */
export type IncidentSeverity =
  | 'CRITICAL'
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

export type IncidentStatus =
  | 'CLOSED'
  | 'INVESTIGATING'
  | 'OPEN'
  | 'RECURRING'
  | 'RESOLVED';

/** A trace the incident's work took part in; `trace(id: traceId)` shows it whole. */
export type IncidentTrace = {
  /** The earliest correlation of the incident's work carrying this trace id. */
  firstSeenAt: Scalars['DateTime']['output'];
  traceId: Scalars['ID']['output'];
};

/** One provider call of the agent's LLM bus (upstream LLMCallEvent). */
export type LlmCall = {
  attemptCount: Scalars['Int']['output'];
  completionTokens: Scalars['Int']['output'];
  costCents: Scalars['Float']['output'];
  durationMs: Scalars['Float']['output'];
  errorClass: Maybe<Scalars['String']['output']>;
  handlerName: Maybe<Scalars['String']['output']>;
  model: Maybe<Scalars['String']['output']>;
  promptHash: Maybe<Scalars['String']['output']>;
  promptTokens: Scalars['Int']['output'];
  responseModel: Maybe<Scalars['String']['output']>;
  retryCount: Scalars['Int']['output'];
  serviceName: Maybe<Scalars['String']['output']>;
  /** ok, timeout, rate_limited, model_not_available, instructor_retry, other_error */
  status: Scalars['String']['output'];
  taskId: Maybe<Scalars['String']['output']>;
  thoughtId: Maybe<Scalars['String']['output']>;
  totalTokens: Scalars['Int']['output'];
};

/** One LLM provider: bus metrics and the provider's token and cost counters. */
export type LlmProvider = {
  averageLatencyMs: Scalars['Float']['output'];
  /** The LLM bus breaker; null until the bus first used the provider. */
  circuitBreaker: Maybe<CircuitBreaker>;
  consecutiveFailures: Scalars['Int']['output'];
  costCents: Scalars['Float']['output'];
  failedRequests: Scalars['Int']['output'];
  /** Failed share of requests, 0..1. */
  failureRate: Scalars['Float']['output'];
  inFlight: Scalars['Int']['output'];
  lastFailureAt: Maybe<Scalars['DateTime']['output']>;
  lastRequestAt: Maybe<Scalars['DateTime']['output']>;
  model: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  rateLimitCooldownRemainingSeconds: Maybe<Scalars['Float']['output']>;
  /** True while a 429 cooldown is running. */
  rateLimited: Scalars['Boolean']['output'];
  tokensInput: Scalars['Int']['output'];
  tokensOutput: Scalars['Int']['output'];
  tokensTotal: Scalars['Int']['output'];
  totalRequests: Scalars['Int']['output'];
};

export type LlmTotals = {
  averageLatencyMs: Scalars['Float']['output'];
  costCents: Scalars['Float']['output'];
  failedRequests: Scalars['Int']['output'];
  failureRate: Scalars['Float']['output'];
  /** Providers neither rate limited nor behind an open bus breaker. */
  providersAvailable: Scalars['Int']['output'];
  providersTotal: Scalars['Int']['output'];
  tokensInput: Scalars['Int']['output'];
  tokensOutput: Scalars['Int']['output'];
  tokensTotal: Scalars['Int']['output'];
  totalRequests: Scalars['Int']['output'];
};

export type LlmUsage = {
  distributionStrategy: Scalars['String']['output'];
  maxInFlightPerProvider: Scalars['Int']['output'];
  providers: Array<LlmProvider>;
  totals: LlmTotals;
};

/** The hour before the agent's clock; each field fails on its own. */
export type LastHourActivity = {
  /** LLM cost in cents, from the agent's cost metric points. */
  costCents: Maybe<Scalars['Float']['output']>;
  /** Error groups whose latest occurrence is in the hour. */
  errorGroups: Maybe<Scalars['Int']['output']>;
  /** Incidents last seen in the hour. */
  incidents: Maybe<Scalars['Int']['output']>;
  /** LLM tokens used, from the agent's token metric points. */
  tokens: Maybe<Scalars['Float']['output']>;
};

/** A line of the agent's own log carrying this trace id. */
export type LogEvent = TraceEvent & {
  /** The agent it belongs to; null for the gateway's own requests and errors. */
  agentId: Maybe<Scalars['ID']['output']>;
  /** When it happened (a span: when it began). */
  at: Scalars['DateTime']['output'];
  kind: TraceEventKind;
  level: Scalars['String']['output'];
  message: Scalars['String']['output'];
  service: Scalars['String']['output'];
  /** One line saying what happened. */
  summary: Scalars['String']['output'];
};

/** One metric of one agent over one UTC hour or day, as the aggregation job stored it. Periods in which the metric had no points have no aggregate. */
export type MetricAggregate = {
  agentId: Scalars['ID']['output'];
  avg: Scalars['Float']['output'];
  /** Null when the previous period has no aggregate. */
  change: Maybe<AggregateChange>;
  count: Scalars['Int']['output'];
  /** Exclusive: the next period's start. */
  end: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  max: Scalars['Float']['output'];
  metric: Scalars['String']['output'];
  min: Scalars['Float']['output'];
  /** Estimated from the period's sketch, within 1% of the exact value. */
  p50: Scalars['Float']['output'];
  /** Estimated from the period's sketch, within 1% of the exact value. */
  p95: Scalars['Float']['output'];
  /** Estimated from the period's sketch, within 1% of the exact value. */
  p99: Scalars['Float']['output'];
  period: AggregatePeriod;
  rawRange: AggregateRawRange;
  /** What this aggregate was computed from (its lineage): a day's hourly aggregates, oldest first, or an hour's raw points. */
  sources: Array<AggregateSource>;
  start: Scalars['DateTime']['output'];
  sum: Scalars['Float']['output'];
};

/** One metric over the day. */
export type MetricDaySummary = {
  /** Oldest first. */
  anomalies: Array<Anomaly>;
  /** The day's aggregate, merged by the aggregation job from the hours' sketches; its `change` compares it with the previous day. Null when the metric had no points that day or the job has not finished the day. */
  daily: Maybe<MetricAggregate>;
  /** The day's hourly aggregates, oldest first (hours without points have none). */
  hours: Array<MetricAggregate>;
  metric: Scalars['String']['output'];
  peakHourByP95: Maybe<PeakHour>;
  peakHourBySum: Maybe<PeakHour>;
  /** The previous day's aggregate; null when it has none. */
  previousDay: Maybe<MetricAggregate>;
};

/** A metric's points in [since, until). With `step`, every epoch-aligned bucket of the range (empty ones too; the first and last may cover part of the range only); without it, the raw points in `points`. */
export type MetricHistory = {
  /** Hourly aggregates read (hours without points have none). */
  aggregateHours: Scalars['Int']['output'];
  /** Start of the whole hours answered from hourly aggregates (null: none). */
  aggregatedSince: Maybe<Scalars['DateTime']['output']>;
  /** End (exclusive) of the hours answered from hourly aggregates. */
  aggregatedUntil: Maybe<Scalars['DateTime']['output']>;
  /** Empty without `step`. */
  buckets: Array<HistoryBucket>;
  /** False when the agent could not hand over every point of the range; `problems` says why and which part is missing. */
  complete: Scalars['Boolean']['output'];
  metric: Scalars['String']['output'];
  /** How percentiles of RAW buckets are computed (see HistoryBucket.source). */
  percentileMethod: Scalars['String']['output'];
  /** The matching raw points, oldest first; null with `step`. */
  points: Maybe<Array<HistoryPoint>>;
  problems: Array<Scalars['String']['output']>;
  /** Raw points read for the range, before the tag filter. */
  rawPoints: Scalars['Int']['output'];
  /** Where the agent's raw retention begins, by its clock, rounded up to the hour: whole hours before it are read from hourly aggregates when `step` is a multiple of 3600 and no tags are given. */
  rawRetentionCutoff: Maybe<Scalars['DateTime']['output']>;
  since: Scalars['DateTime']['output'];
  source: HistorySource;
  stepSeconds: Maybe<Scalars['Int']['output']>;
  until: Scalars['DateTime']['output'];
};

/** The latest point of a metric in the agent's TSDB. */
export type MetricValue = {
  at: Scalars['DateTime']['output'];
  labels: Scalars['JSON']['output'];
  name: Scalars['String']['output'];
  value: Scalars['Float']['output'];
};

export type MetricsSample = Sampled & {
  agentId: Scalars['ID']['output'];
  /** The agent's clock when the tick was read. */
  at: Scalars['DateTime']['output'];
  /** Samples this subscriber lost to its full queue just before this one. */
  dropped: Scalars['Int']['output'];
  /** Requested names with no point yet. */
  missing: Array<Scalars['String']['output']>;
  /** Parts that could not be read this tick (their fields are null). */
  problems: Array<Scalars['String']['output']>;
  /** Ticks of this stream, from 1; shared by every subscriber of the stream. */
  sequence: Scalars['Int']['output'];
  values: Array<MetricValue>;
};

export type Mutation = {
  /** Start an export as a job (the parameters of GET /v1/telemetry/export); poll `exportJob(id)` and download its file from `downloadPath` once SUCCEEDED. Any caller who may export may start one. Errors: BAD_USER_INPUT with the export's messages, NOT_FOUND for an unknown agent, FORBIDDEN over WebSocket. */
  createExport: ExportJob;
  /** Approve or deny a pending quota request. Needs ADMIN. Approval makes the requested limit the requester's limit at that endpoint, at once on this replica and within `rate_limits.quota_refresh_seconds` on others. Errors: FORBIDDEN, NOT_FOUND for an unknown id, QUOTA_REQUEST_DECIDED when it was already decided, BAD_USER_INPUT for an over-long note. */
  decideQuotaRequest: QuotaRequest;
  /** Ask for a higher limit at one endpoint ("graphql", "graphql:points" or a REST path template): `limit` requests per the period in force there. Recorded as PENDING until an ADMIN decides it. Errors: BAD_USER_INPUT for an unknown endpoint, a limit not above the one in force or over 1,000,000, or an empty or over-long reason (500 characters); QUOTA_REQUEST_PENDING while an earlier request for the same endpoint waits; FORBIDDEN over WebSocket; RATE_LIMITS_DISABLED. */
  requestQuotaIncrease: QuotaRequest;
  /** Reset one circuit breaker to CLOSED through its agent. Needs ADMIN. `name` is the breaker's key (the provider name) or its own name. Errors: FORBIDDEN below ADMIN or over WebSocket, BAD_USER_INPUT for an empty name, NOT_FOUND for an unknown agent or breaker, SOURCE_UNAVAILABLE when the agent refused or failed (audited as a failure). */
  resetCircuitBreaker: BreakerResetResult;
};


export type MutationCreateExportArgs = {
  input: ExportInput;
};


export type MutationDecideQuotaRequestArgs = {
  approve: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
};


export type MutationRequestQuotaIncreaseArgs = {
  endpoint: Scalars['String']['input'];
  limit: Scalars['Int']['input'];
  reason: Scalars['String']['input'];
};


export type MutationResetCircuitBreakerArgs = {
  agentId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  source: BreakerSource;
};

export type PageInfo = {
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** The hour of a day with the highest value; ties go to the earliest. */
export type PeakHour = {
  hour: Scalars['DateTime']['output'];
  value: Scalars['Float']['output'];
};

export type ProcessorStatus =
  | 'ERROR'
  | 'PAUSED'
  | 'RUNNING'
  | 'STOPPED';

export type Query = {
  /** One agent; an error with code NOT_FOUND when unknown. */
  agent: Maybe<Agent>;
  /** Every agent this gateway serves. */
  agents: Array<Agent>;
  /** One stored metric aggregate by id (`agg:h:...` an hour, `agg:d:...` a day); null when no aggregate has that id. */
  aggregate: Maybe<MetricAggregate>;
  /** One agent's audit trail (each agent keeps its own chain); NOT_FOUND for an unknown `agentId`. The agent's audit trail, newest first by (recordedAt, sequenceNumber). `since` is inclusive, `until` exclusive; `actor` matches the payload's actor or the actorKeyId; `outcome` and `eventType` match any of the given values; `entityId` the entry's subject. `first` is 1..100. Pages from the agent's database continue from a fixed position, so entries recorded meanwhile never shift them; over REST see the README. BAD_USER_INPUT for a malformed cursor, `since` after `until`, or `first` out of range. */
  audit: Maybe<AuditEntryConnection>;
  /** One export job (createExport): its state, progress and download path; null when unknown or another caller's (an ADMIN sees every job). */
  exportJob: Maybe<ExportJob>;
  /** Fleet-wide totals. */
  fleet: Fleet;
  gateway: GatewayInfo;
  /** Incidents across the fleet, or of `agentId` (NOT_FOUND when unknown). Newest first by first sighting. `severity` and `status` keep incidents in any of the listed values (severity normalised from the agent's levels: critical, error -> HIGH, warning -> MEDIUM, info -> LOW); `since`/`until` keep those seen during [since, until): last seen at or after `since`, first seen before `until`. `first` is 1..100; `after` is an `endCursor` (BAD_USER_INPUT for a malformed cursor, `since` not before `until`, or times without a zone). */
  incidents: Maybe<IncidentConnection>;
  /** The caller's GraphQL points budget after this operation: its cost, the points per period, what remains and when it is full again. RATE_LIMITS_DISABLED where the gateway does not limit. */
  rateLimit: RateLimitInfo;
  /** Rate limit usage: the caller's buckets (limit in force, use, reset) per endpoint and its quota requests; for ADMIN, every active API key's and every request. `keyId` narrows to one key (another's needs ADMIN: FORBIDDEN; NOT_FOUND for an unknown key). `quotaRequestLimit` is 1..100 (BAD_USER_INPUT). */
  rateLimits: RateLimits;
  /** One trace id's timeline: the gateway's requests, audit entries and errors, and each agent's correlations, audit entries, errors and log lines with that id (a W3C or CIRIS pipeline trace id, any case). `agentId` reads only that agent (the gateway's own parts always). Null when every part answered and none knows the id; BAD_USER_INPUT unless the id is 1-64 of [0-9A-Za-z_-]. */
  trace: Maybe<Trace>;
};


export type QueryAgentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryAggregateArgs = {
  id: Scalars['ID']['input'];
};


export type QueryAuditArgs = {
  actor?: InputMaybe<Scalars['String']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  agentId: Scalars['ID']['input'];
  entityId?: InputMaybe<Scalars['String']['input']>;
  eventType?: InputMaybe<Array<Scalars['String']['input']>>;
  first?: Scalars['Int']['input'];
  outcome?: InputMaybe<Array<AuditOutcome>>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryExportJobArgs = {
  id: Scalars['ID']['input'];
};


export type QueryIncidentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  agentId?: InputMaybe<Scalars['ID']['input']>;
  first?: Scalars['Int']['input'];
  severity?: InputMaybe<Array<IncidentSeverity>>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  status?: InputMaybe<Array<IncidentStatus>>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryRateLimitsArgs = {
  keyId?: InputMaybe<Scalars['ID']['input']>;
  quotaRequestLimit?: Scalars['Int']['input'];
  quotaStatus?: InputMaybe<QuotaRequestStatus>;
};


export type QueryTraceArgs = {
  agentId?: InputMaybe<Scalars['ID']['input']>;
  id: Scalars['ID']['input'];
};

/** A thought waiting in the processor's in-memory queue. */
export type QueueItem = {
  /** Seconds since the thought was created; the agent's queue keeps no time, so the gateway joins the thought's stored created_at. */
  ageSeconds: Maybe<Scalars['Float']['output']>;
  /** Needs ADMIN: it carries user content. */
  content: Maybe<Scalars['String']['output']>;
  depth: Scalars['Int']['output'];
  task: Maybe<Task>;
  thought: Maybe<Thought>;
  thoughtId: Scalars['ID']['output'];
  thoughtType: ThoughtType;
};

export type QueueSample = Sampled & {
  agentId: Scalars['ID']['output'];
  /** The agent's clock when the tick was read. */
  at: Scalars['DateTime']['output'];
  averageLatencyMs: Maybe<Scalars['Float']['output']>;
  /** Items in the in-memory processing queue. */
  depth: Maybe<Scalars['Int']['output']>;
  /** Samples this subscriber lost to its full queue just before this one. */
  dropped: Scalars['Int']['output'];
  maxSize: Maybe<Scalars['Int']['output']>;
  pendingThoughts: Maybe<Scalars['Int']['output']>;
  /** Parts that could not be read this tick (their fields are null). */
  problems: Array<Scalars['String']['output']>;
  processingThoughts: Maybe<Scalars['Int']['output']>;
  /** pending thoughts + pending tasks, as the agent counts it. */
  queueSize: Maybe<Scalars['Int']['output']>;
  /** Ticks of this stream, from 1; shared by every subscriber of the stream. */
  sequence: Scalars['Int']['output'];
  thoughtsPerSecond: Maybe<Scalars['Float']['output']>;
};

export type QueueStatus = {
  averageLatencyMs: Scalars['Float']['output'];
  /** Items in the in-memory processing queue. */
  depth: Scalars['Int']['output'];
  items: Array<QueueItem>;
  maxSize: Scalars['Int']['output'];
  /** Thoughts stored as pending (null where the store is not read). */
  pendingThoughts: Maybe<Scalars['Int']['output']>;
  /** Thoughts stored as processing. */
  processingThoughts: Maybe<Scalars['Int']['output']>;
  /** pending thoughts + pending tasks, as the agent counts it. */
  queueSize: Scalars['Int']['output'];
  /** Thoughts processed per second (the agent reports the inverse). */
  thoughtsPerSecond: Scalars['Float']['output'];
};

/** A request for a higher limit at one endpoint, and its decision. */
export type QuotaRequest = {
  decidedAt: Maybe<Scalars['DateTime']['output']>;
  decidedBy: Maybe<Scalars['String']['output']>;
  endpoint: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  keyId: Maybe<Scalars['ID']['output']>;
  /** The limit in force when asked. */
  limitAtRequest: Scalars['Int']['output'];
  note: Maybe<Scalars['String']['output']>;
  periodSeconds: Scalars['Float']['output'];
  reason: Scalars['String']['output'];
  requestedAt: Scalars['DateTime']['output'];
  /** API key id, or "service". */
  requestedBy: Scalars['String']['output'];
  /** Asked-for requests per period. */
  requestedLimit: Scalars['Int']['output'];
  status: QuotaRequestStatus;
  subject: Scalars['String']['output'];
};

export type QuotaRequestStatus =
  | 'APPROVED'
  | 'DENIED'
  | 'PENDING';

/** Who is charged: an API key, the service token, or an address. */
export type RateLimitCaller = {
  /** Every request bucket in use, or with an approved quota; with `includeIdle`, every endpoint and the limit that would apply there. */
  endpoints: Array<EndpointRateLimit>;
  keyId: Maybe<Scalars['ID']['output']>;
  keyName: Maybe<Scalars['String']['output']>;
  /** The GraphQL points budget, now. */
  points: EndpointRateLimit;
  role: Maybe<Scalars['String']['output']>;
  /** The buckets' owner: `key:<key id>`, `service`, or `addr:<address>`. */
  subject: Scalars['String']['output'];
};


/** Who is charged: an API key, the service token, or an address. */
export type RateLimitCallerEndpointsArgs = {
  includeIdle?: Scalars['Boolean']['input'];
};

/** The caller's GraphQL points budget, after this operation. */
export type RateLimitInfo = {
  /** Points this operation cost. */
  cost: Scalars['Int']['output'];
  /** Points the budget grants per period. */
  limit: Scalars['Int']['output'];
  /** Points that would still fit now. */
  remaining: Scalars['Int']['output'];
  /** When the budget is full again (UTC). */
  resetAt: Scalars['DateTime']['output'];
  /** Points of the budget in use now. */
  used: Scalars['Int']['output'];
};

/** Where the limit in force at an endpoint comes from. */
export type RateLimitSource =
  | 'DEFAULT'
  | 'ENDPOINT'
  | 'KEY'
  | 'QUOTA'
  | 'ROLE';

/** Rate limit usage: callers' buckets and quota requests. */
export type RateLimits = {
  callers: Array<RateLimitCaller>;
  /** True while Redis fails and decisions follow `rate_limits.on_failure`. */
  degraded: Scalars['Boolean']['output'];
  /** False where the gateway does not limit. */
  enabled: Scalars['Boolean']['output'];
  /** Newest first. */
  quotaRequests: Array<QuotaRequest>;
  /** True when buckets are in Redis, shared by every replica. */
  shared: Scalars['Boolean']['output'];
};

/** An error the agent recorded. */
export type RecordedError = {
  /** Errors this event stands for. */
  count: Scalars['Int']['output'];
  errorClass: Maybe<Scalars['String']['output']>;
  /** collector: the error group's key (query it with `errors`). */
  fingerprint: Maybe<Scalars['String']['output']>;
  handler: Maybe<Scalars['String']['output']>;
  /** collector: the level name. */
  level: Maybe<Scalars['String']['output']>;
  /** collector: the logger. */
  logger: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
  /** collector: the group's occurrences so far, this one included. */
  occurrences: Maybe<Scalars['Int']['output']>;
  serviceName: Maybe<Scalars['String']['output']>;
  /** llm_call: a failed provider call; handler: handler_error counters grew; collector: the agent's error collector recorded an error (no stack trace: query `errors(fingerprint:)` as ADMIN for it). */
  source: Scalars['String']['output'];
  taskId: Maybe<Scalars['String']['output']>;
  thoughtId: Maybe<Scalars['String']['output']>;
  /** The source's error count so far, if known. */
  total: Maybe<Scalars['Int']['output']>;
  /** collector: the trace the error was recorded in, if any. */
  traceId: Maybe<Scalars['String']['output']>;
};

/** What served a gateway request. */
export type RequestRoute =
  | 'GRAPHQL'
  | 'OTHER'
  | 'REST';

/** A request this gateway replica served (its request log is per replica and holds the newest `tracing.request_log_size` requests). */
export type RequestSpan = TraceEvent & {
  /** The agent it belongs to; null for the gateway's own requests and errors. */
  agentId: Maybe<Scalars['ID']['output']>;
  /** When it happened (a span: when it began). */
  at: Scalars['DateTime']['output'];
  durationMs: Scalars['Float']['output'];
  kind: TraceEventKind;
  /** The HTTP method, or WEBSOCKET for a socket. */
  method: Scalars['String']['output'];
  /** The GraphQL operation (a REST alias: its stored operation), when named. */
  operationName: Maybe<Scalars['String']['output']>;
  /** The span of the caller's `traceparent`, when it sent a valid one. */
  parentSpanId: Maybe<Scalars['String']['output']>;
  path: Scalars['String']['output'];
  /** The query parameter names; their values are not kept. */
  queryParameters: Array<Scalars['String']['output']>;
  /** Its X-Request-ID (always set). */
  requestId: Maybe<Scalars['String']['output']>;
  /** The caller's role, once authenticated. */
  role: Maybe<Scalars['String']['output']>;
  route: RequestRoute;
  /** This request's span (always set). */
  spanId: Maybe<Scalars['String']['output']>;
  /** The HTTP status (a socket: 101 accepted, 403 refused); null when the request ended before a response began. */
  statusCode: Maybe<Scalars['Int']['output']>;
  /** One line saying what happened. */
  summary: Scalars['String']['output'];
};

/** One entry of the resource monitor's budget, in the resource's unit. */
export type ResourceLimit = {
  critical: Scalars['Float']['output'];
  limit: Scalars['Float']['output'];
  /** The budget's key, naming the unit: memory_mb, cpu_percent, disk_mb, thoughts_active, tokens_hour, tokens_day. */
  resource: Scalars['String']['output'];
  warning: Scalars['Float']['output'];
};

export type Resources = {
  cpuAverage1mPercent: Scalars['Float']['output'];
  cpuPercent: Scalars['Float']['output'];
  critical: Array<Scalars['String']['output']>;
  diskFreeMb: Scalars['Float']['output'];
  diskUsedMb: Scalars['Float']['output'];
  healthy: Scalars['Boolean']['output'];
  /** The budget the values are judged against; empty where none is exposed. */
  limits: Array<ResourceLimit>;
  memoryMb: Scalars['Float']['output'];
  memoryPercent: Scalars['Float']['output'];
  thoughtsActive: Scalars['Int']['output'];
  thoughtsQueued: Scalars['Int']['output'];
  warnings: Array<Scalars['String']['output']>;
};

/** One tick of a periodic subscription. */
export type Sampled = {
  agentId: Scalars['ID']['output'];
  /** The agent's clock when the tick was read. */
  at: Scalars['DateTime']['output'];
  /** Samples this subscriber lost to its full queue just before this one. */
  dropped: Scalars['Int']['output'];
  /** Parts that could not be read this tick (their fields are null). */
  problems: Array<Scalars['String']['output']>;
  /** Ticks of this stream, from 1; shared by every subscriber of the stream. */
  sequence: Scalars['Int']['output'];
};

/** How the service registry picks among providers of one priority. */
export type SelectionStrategy =
  | 'DIRECT'
  | 'FALLBACK'
  | 'ROUND_ROBIN';

export type ServiceHealth = {
  at: Scalars['DateTime']['output'];
  /** Share of the gateway's samples at which the overall level was HEALTHY. */
  availability: Maybe<Availability>;
  /** Which service types and action handlers open or half-open breakers and unhealthy providers degrade. */
  dependencyHealth: Maybe<DependencyHealth>;
  healthyCount: Scalars['Int']['output'];
  /** State changes seen between the gateway's samples in [since, until) (until: now), oldest first; at most 31 days; `service` keeps one service's changes. */
  history: Maybe<ServiceHealthChangeConnection>;
  overall: HealthLevel;
  recommendations: Array<Scalars['String']['output']>;
  services: Array<ServiceHealthEntry>;
  unhealthyCount: Scalars['Int']['output'];
};


export type ServiceHealthHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  service?: InputMaybe<Scalars['String']['input']>;
  since: Scalars['DateTime']['input'];
  until?: InputMaybe<Scalars['DateTime']['input']>;
};

/** A change seen between two consecutive samples: of one service (serviceKey set) or of the overall level (serviceKey null). */
export type ServiceHealthChange = {
  /** The sample slot the change was seen at. */
  at: Scalars['DateTime']['output'];
  circuitBreakerState: Maybe<BreakerState>;
  healthy: Scalars['Boolean']['output'];
  overall: Maybe<HealthLevel>;
  previousCircuitBreakerState: Maybe<BreakerState>;
  previousHealthy: Scalars['Boolean']['output'];
  previousOverall: Maybe<HealthLevel>;
  serviceKey: Maybe<Scalars['String']['output']>;
};

export type ServiceHealthChangeConnection = {
  edges: Array<ServiceHealthChangeEdge>;
  nodes: Array<ServiceHealthChange>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ServiceHealthChangeEdge = {
  cursor: Scalars['String']['output'];
  node: ServiceHealthChange;
};

export type ServiceHealthEntry = {
  /** Share of the gateway's samples at which it was healthy. */
  availability: Maybe<Availability>;
  category: Scalars['String']['output'];
  circuitBreakerState: Maybe<BreakerState>;
  healthy: Scalars['Boolean']['output'];
  /** The agent's own key for the service. */
  key: Scalars['String']['output'];
  /** direct (a runtime service) or registry (a provider). */
  kind: Scalars['String']['output'];
  /** Calls and failures from the provider's registry breaker; null for direct services, whose per-service metrics the agent leaves empty (ServiceStatus.metrics). */
  metrics: Maybe<ServiceMetrics>;
  name: Scalars['String']['output'];
  priority: ServicePriority;
  priorityGroup: Scalars['Int']['output'];
  strategy: SelectionStrategy;
};

/** Calls and failures the agent counted for a registry provider. */
export type ServiceMetrics = {
  callsTotal: Scalars['Int']['output'];
  consecutiveFailures: Scalars['Int']['output'];
  failuresTotal: Scalars['Int']['output'];
  /** 1.0 before the first call. */
  successRate: Scalars['Float']['output'];
  successesTotal: Scalars['Int']['output'];
  timeInOpenStateSeconds: Scalars['Float']['output'];
};

export type ServicePriority =
  | 'CRITICAL'
  | 'DIRECT'
  | 'FALLBACK'
  | 'HIGH'
  | 'LOW'
  | 'NORMAL';

/** A provider registered in the service registry. */
export type ServiceProvider = {
  capabilities: Array<Scalars['String']['output']>;
  circuitBreaker: Maybe<CircuitBreaker>;
  metadata: Scalars['JSON']['output'];
  name: Scalars['String']['output'];
  priority: ServicePriority;
  priorityGroup: Scalars['Int']['output'];
  /** Lower is preferred (CRITICAL=0). */
  priorityValue: Scalars['Int']['output'];
  serviceType: Scalars['String']['output'];
  strategy: SelectionStrategy;
};

export type ServiceRegistry = {
  providerCount: Scalars['Int']['output'];
  serviceTypes: Array<ServiceTypeProviders>;
};

/** A service type's providers: UNAVAILABLE when all are down (open breaker or unhealthy), DEGRADED when some are down or half-open. */
export type ServiceTypeDependencyHealth = {
  /** The bus handlers reach it through. */
  bus: Maybe<Scalars['String']['output']>;
  level: DependencyLevel;
  problems: Array<DependencyProblem>;
  providerCount: Scalars['Int']['output'];
  providersDown: Scalars['Int']['output'];
  providersHalfOpen: Scalars['Int']['output'];
  serviceType: Scalars['String']['output'];
};

export type ServiceTypeProviders = {
  /** In selection order: by priority group, then priority. */
  providers: Array<ServiceProvider>;
  serviceType: Scalars['String']['output'];
};

/** What is known of an entry's signature. VERIFIED: the agent's database marks it verified (persist's signature_verified column is true) or the agent's audit route reports the entry's integrity valid. UNVERIFIED: signed, but nothing says it was checked (the column is false or absent, as on 2.8 databases; what the agent sets it from is not documented). INVALID: the agent's audit route reports the entry's integrity invalid. UNSIGNED: the entry carries no signature. */
export type SignatureStatus =
  | 'INVALID'
  | 'UNSIGNED'
  | 'UNVERIFIED'
  | 'VERIFIED';

export type StateTransition = {
  at: Scalars['DateTime']['output'];
  fromState: Maybe<CognitiveStateName>;
  /** Always null on current agents: the state manager records no reason. */
  reason: Maybe<Scalars['String']['output']>;
  toState: CognitiveStateName;
};

export type Subscription = {
  /** Every change event of an agent, or of some `kinds`. */
  agentEvents: AgentEvent;
  /** A breaker of either set changed state. */
  circuitBreakerChanged: AgentEvent;
  /** The cognitive state changed. */
  cognitiveStateChanged: AgentEvent;
  /** The agent recorded an error. */
  errorRecorded: AgentEvent;
  /** The health verdict changed or warning codes came or went. */
  healthChanged: AgentEvent;
  /** An incident was recorded. */
  incidentOpened: AgentEvent;
  /** An LLM provider call finished (reasoning stream). */
  llmCall: AgentEvent;
  /** The latest point of each named TSDB metric, every `intervalSeconds`. */
  metrics: MetricsSample;
  /** The processing queue, every `intervalSeconds`. */
  queue: QueueSample;
  /** The agent's overview figures, every `intervalSeconds`. */
  systemSummary: SystemSummarySample;
  /** A thought appeared or changed status. */
  thoughtUpdated: AgentEvent;
};


export type SubscriptionAgentEventsArgs = {
  agentId: Scalars['ID']['input'];
  kinds?: InputMaybe<Array<AgentEventKind>>;
  since?: InputMaybe<Scalars['Int']['input']>;
};


export type SubscriptionCircuitBreakerChangedArgs = {
  agentId: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['Int']['input']>;
};


export type SubscriptionCognitiveStateChangedArgs = {
  agentId: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['Int']['input']>;
};


export type SubscriptionErrorRecordedArgs = {
  agentId: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['Int']['input']>;
};


export type SubscriptionHealthChangedArgs = {
  agentId: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['Int']['input']>;
};


export type SubscriptionIncidentOpenedArgs = {
  agentId: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['Int']['input']>;
};


export type SubscriptionLlmCallArgs = {
  agentId: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['Int']['input']>;
};


export type SubscriptionMetricsArgs = {
  agentId: Scalars['ID']['input'];
  intervalSeconds?: Scalars['Float']['input'];
  names: Array<Scalars['String']['input']>;
};


export type SubscriptionQueueArgs = {
  agentId: Scalars['ID']['input'];
  intervalSeconds?: Scalars['Float']['input'];
};


export type SubscriptionSystemSummaryArgs = {
  agentId: Scalars['ID']['input'];
  intervalSeconds?: Scalars['Float']['input'];
};


export type SubscriptionThoughtUpdatedArgs = {
  agentId: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['Int']['input']>;
};

export type SystemHealth = {
  cognitiveState: Maybe<CognitiveStateName>;
  degradedMode: Maybe<Scalars['Boolean']['output']>;
  initializationComplete: Maybe<Scalars['Boolean']['output']>;
  status: SystemHealthStatus;
  uptimeSeconds: Maybe<Scalars['Float']['output']>;
  version: Maybe<Scalars['String']['output']>;
  warnings: Array<HealthWarning>;
};

/** The agent's own health verdict, as /v1/system/health states it. */
export type SystemHealthStatus =
  | 'CRITICAL'
  | 'DEGRADED'
  | 'HEALTHY'
  | 'INITIALIZING';

export type SystemSnapshot = {
  /** Channels with open tasks, most recently active first. */
  activeChannels: Maybe<Array<ActiveChannel>>;
  activeTask: Maybe<Task>;
  at: Scalars['DateTime']['output'];
  codename: Maybe<Scalars['String']['output']>;
  cognitiveState: CognitiveStateName;
  /** The same thoughts as `recentDecisions`, flat: action, rationale, ids, time. */
  decisions: Maybe<Array<Decision>>;
  /** The identity's purpose, then the open scheduled tasks' goals, oldest first. */
  goals: Maybe<Array<Goal>>;
  health: HealthSummary;
  identity: Identity;
  /** Tokens, cost and errors over the hour before `at`. */
  lastHour: LastHourActivity;
  processorStatus: ProcessorStatus;
  recentDecisions: Array<Thought>;
  resources: Maybe<Resources>;
  thoughtCounts: ThoughtCounts;
  uptimeSeconds: Scalars['Float']['output'];
  version: Scalars['String']['output'];
};

/** The figures of an agent's overview, sampled. */
export type SystemSummarySample = Sampled & {
  agentId: Scalars['ID']['output'];
  /** The agent's clock when the tick was read. */
  at: Scalars['DateTime']['output'];
  cognitiveState: Maybe<CognitiveStateName>;
  costLastHourCents: Maybe<Scalars['Float']['output']>;
  /** Samples this subscriber lost to its full queue just before this one. */
  dropped: Scalars['Int']['output'];
  incidentsLastHour: Maybe<Scalars['Int']['output']>;
  llmCostCents: Maybe<Scalars['Float']['output']>;
  llmFailedRequests: Maybe<Scalars['Int']['output']>;
  /** Since the agent started. */
  llmRequests: Maybe<Scalars['Int']['output']>;
  llmTokens: Maybe<Scalars['Int']['output']>;
  /** Breakers of either set that are OPEN or HALF_OPEN. */
  openCircuitBreakers: Maybe<Scalars['Int']['output']>;
  /** Parts that could not be read this tick (their fields are null). */
  problems: Array<Scalars['String']['output']>;
  queueSize: Maybe<Scalars['Int']['output']>;
  /** Ticks of this stream, from 1; shared by every subscriber of the stream. */
  sequence: Scalars['Int']['output'];
  status: Maybe<SystemHealthStatus>;
  thoughtsPerSecond: Maybe<Scalars['Float']['output']>;
  tokensLastHour: Maybe<Scalars['Float']['output']>;
  uptimeSeconds: Maybe<Scalars['Float']['output']>;
  warningCodes: Maybe<Array<Scalars['String']['output']>>;
};

/** Keep points whose label `key` equals `value` exactly. */
export type TagFilter = {
  key: Scalars['String']['input'];
  value: Scalars['String']['input'];
};

export type Task = {
  channelId: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  description: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  parentTaskId: Maybe<Scalars['String']['output']>;
  priority: Scalars['Int']['output'];
  retryCount: Scalars['Int']['output'];
  status: TaskStatus;
  updatedAt: Scalars['DateTime']['output'];
};

export type TaskStatus =
  | 'ACTIVE'
  | 'CANCELLED'
  | 'COMPLETED'
  | 'DEFERRED'
  | 'FAILED'
  | 'PENDING'
  | 'REJECTED';

export type Thought = {
  /** Seconds since the thought was created, on the agent's clock. */
  ageSeconds: Scalars['Float']['output'];
  channelId: Maybe<Scalars['String']['output']>;
  /** The thought's text. Needs ADMIN: it carries user content. */
  content: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  depth: Scalars['Int']['output'];
  finalAction: Maybe<FinalAction>;
  /** The handler the thought was dispatched to, if it ended. */
  handler: Maybe<HandlerAction>;
  id: Scalars['ID']['output'];
  parentThoughtId: Maybe<Scalars['String']['output']>;
  round: Scalars['Int']['output'];
  status: ThoughtStatus;
  task: Maybe<Task>;
  type: ThoughtType;
  updatedAt: Scalars['DateTime']['output'];
};

export type ThoughtConnection = {
  edges: Array<ThoughtEdge>;
  nodes: Array<Thought>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ThoughtCounts = {
  completed: Scalars['Int']['output'];
  deferred: Scalars['Int']['output'];
  failed: Scalars['Int']['output'];
  pending: Scalars['Int']['output'];
  processing: Scalars['Int']['output'];
};

export type ThoughtEdge = {
  cursor: Scalars['String']['output'];
  node: Thought;
};

export type ThoughtStatus =
  | 'COMPLETED'
  | 'DEFERRED'
  | 'FAILED'
  | 'PENDING'
  | 'PROCESSING';

export type ThoughtType =
  | 'ACTION_REVIEW'
  | 'ADAPTATION'
  | 'CLARIFICATION'
  | 'CONSCIENCE'
  | 'CONSENSUS'
  | 'DEFERRED'
  | 'DELEGATION'
  | 'ERROR'
  | 'ETHICAL_REVIEW'
  | 'FEEDBACK'
  | 'FOLLOW_UP'
  | 'GUIDANCE'
  | 'IDENTITY_UPDATE'
  | 'MEMORY'
  | 'OBSERVATION'
  | 'PATTERN'
  | 'PONDER'
  | 'REFLECTION'
  | 'SCHEDULED'
  | 'STANDARD'
  | 'SUMMARY'
  | 'SYNTHESIS'
  | 'TOOL_RESULT'
  | 'URGENT';

/** Everything known under one trace id, as a timeline. Parts that could not be read are named in `problems`; the rest is still listed. */
export type Trace = {
  /** The AGENT_AUDIT events. */
  agentAudit: Array<AgentAuditEvent>;
  /** Agents with events here. */
  agentIds: Array<Scalars['ID']['output']>;
  /** The CORRELATION events. */
  correlations: Array<CorrelationSpan>;
  durationMs: Maybe<Scalars['Float']['output']>;
  /** The last event's end (a span's start plus its duration). */
  endedAt: Maybe<Scalars['DateTime']['output']>;
  /** The ERROR events. */
  errors: Array<ErrorEvent>;
  /** Every event by time; events of one instant in a fixed order (requests, gateway audit, correlations, agent audit, errors, logs). */
  events: Array<TraceEvent>;
  /** The GATEWAY_AUDIT events. */
  gatewayAudit: Array<GatewayAuditEvent>;
  id: Scalars['ID']['output'];
  /** The LOG events. */
  logs: Array<LogEvent>;
  problems: Array<Scalars['String']['output']>;
  /** The REQUEST events. */
  requests: Array<RequestSpan>;
  /** The first event; null if none. */
  startedAt: Maybe<Scalars['DateTime']['output']>;
};

/** One event of a trace. Fields of one name have one type in every implementation (GraphQL requires it to select them side by side), so some that are always set are typed nullable. */
export type TraceEvent = {
  /** The agent it belongs to; null for the gateway's own requests and errors. */
  agentId: Maybe<Scalars['ID']['output']>;
  /** When it happened (a span: when it began). */
  at: Scalars['DateTime']['output'];
  kind: TraceEventKind;
  /** One line saying what happened. */
  summary: Scalars['String']['output'];
};

/** What a trace event is. */
export type TraceEventKind =
  | 'AGENT_AUDIT'
  | 'CORRELATION'
  | 'ERROR'
  | 'GATEWAY_AUDIT'
  | 'LOG'
  | 'REQUEST';

/** What this gateway's aggregation job consolidated of the agent's raw metric points since the gateway process started (only writes count: an aggregate saved unchanged is none), and the agent's own consolidation state. */
export type TsdbStatus = {
  /** The agent's own consolidation service; null where the agent runs none, or where the gateway reaches it over REST, which does not expose these times. */
  agentConsolidation: Maybe<AgentConsolidation>;
  /** False when the gateway runs no aggregation job: the counts are then 0. */
  aggregationEnabled: Scalars['Boolean']['output'];
  /** Average length of the written aggregate nodes' attribute JSON. */
  bytesPerAggregate: Maybe<Scalars['Float']['output']>;
  /** pointsConsolidated / (hourlyAggregates + dailyAggregates): raw points per aggregate node; null before any was written. */
  compressionRatio: Maybe<Scalars['Float']['output']>;
  /** Daily aggregate nodes written. */
  dailyAggregates: Scalars['Int']['output'];
  /** Hourly aggregate nodes written. */
  hourlyAggregates: Scalars['Int']['output'];
  /** The time the last completed run aggregated up to. */
  lastRunAt: Maybe<Scalars['DateTime']['output']>;
  /** Why the last run could not aggregate this agent; null when it could. */
  lastRunFailure: Maybe<Scalars['String']['output']>;
  /** When the job's background loop runs next; null when it is not running. */
  nextRunAt: Maybe<Scalars['DateTime']['output']>;
  /** Raw points inside the hourly aggregates written. */
  pointsConsolidated: Scalars['Int']['output'];
  /** Raw points read, whether or not written. */
  pointsRead: Scalars['Int']['output'];
  /** pointsConsolidated * 2048 (the agent's own size of a raw record) minus the bytes of the aggregates written: what replacing the raw points by their aggregates saves; negative when the aggregates are larger. */
  storageSavedBytes: Scalars['Float']['output'];
};

/** LLM tokens, cost and footprint over the last hour and 24 hours. */
export type UsageSummary = {
  carbon24hGrams: Scalars['Float']['output'];
  carbonLastHourGrams: Scalars['Float']['output'];
  cost24hCents: Scalars['Float']['output'];
  costLastHourCents: Scalars['Float']['output'];
  energy24hKwh: Scalars['Float']['output'];
  energyLastHourKwh: Scalars['Float']['output'];
  tokens24h: Scalars['Float']['output'];
  tokensLastHour: Scalars['Float']['output'];
};

export type ExportJobFieldsFragment = { id: string, state: ExportJobState, kind: ExportKind, format: ExportFormat, compression: ExportCompression, agent: string, since: string, until: string, metrics: Array<string>, rowsWritten: number, bytesWritten: number, rowsExpected: number | null, createdAt: string, startedAt: string | null, finishedAt: string | null, expiresAt: string | null, error: string | null, fileName: string, downloadPath: string };

export type QuotaRequestFieldsFragment = { id: string, subject: string, keyId: string | null, endpoint: string, requestedLimit: number, periodSeconds: number, limitAtRequest: number, reason: string, status: QuotaRequestStatus, requestedAt: string, requestedBy: string, decidedAt: string | null, decidedBy: string | null, note: string | null };

export type CreateExportMutationVariables = Exact<{
  input: ExportInput;
}>;


export type CreateExportMutation = { createExport: { id: string, state: ExportJobState, kind: ExportKind, format: ExportFormat, compression: ExportCompression, agent: string, since: string, until: string, metrics: Array<string>, rowsWritten: number, bytesWritten: number, rowsExpected: number | null, createdAt: string, startedAt: string | null, finishedAt: string | null, expiresAt: string | null, error: string | null, fileName: string, downloadPath: string } };

export type DecideQuotaRequestMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  approve: Scalars['Boolean']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
}>;


export type DecideQuotaRequestMutation = { decideQuotaRequest: { id: string, subject: string, keyId: string | null, endpoint: string, requestedLimit: number, periodSeconds: number, limitAtRequest: number, reason: string, status: QuotaRequestStatus, requestedAt: string, requestedBy: string, decidedAt: string | null, decidedBy: string | null, note: string | null } };

export type RequestQuotaIncreaseMutationVariables = Exact<{
  endpoint: Scalars['String']['input'];
  limit: Scalars['Int']['input'];
  reason: Scalars['String']['input'];
}>;


export type RequestQuotaIncreaseMutation = { requestQuotaIncrease: { id: string, subject: string, keyId: string | null, endpoint: string, requestedLimit: number, periodSeconds: number, limitAtRequest: number, reason: string, status: QuotaRequestStatus, requestedAt: string, requestedBy: string, decidedAt: string | null, decidedBy: string | null, note: string | null } };

export type ResetCircuitBreakerMutationVariables = Exact<{
  agent: Scalars['ID']['input'];
  source: BreakerSource;
  name: Scalars['String']['input'];
}>;


export type ResetCircuitBreakerMutation = { resetCircuitBreaker: { auditEntryId: string, breaker: { key: string, name: string, source: BreakerSource, state: BreakerState, failureCount: number, consecutiveFailures: number } } };

export type AgentHealthQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
}>;


export type AgentHealthQuery = { agent: { health: { status: SystemHealthStatus, version: string | null, uptimeSeconds: number | null, cognitiveState: CognitiveStateName | null, initializationComplete: boolean | null, degradedMode: boolean | null, warnings: Array<{ code: string, message: string | null, severity: string | null }> } | null } | null };

export type AgentOverviewQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
}>;


export type AgentOverviewQuery = { agent: { id: string, version: string | null, recentIncidentCount: number | null, health: { status: SystemHealthStatus, uptimeSeconds: number | null, cognitiveState: CognitiveStateName | null, degradedMode: boolean | null, warnings: Array<{ code: string, message: string | null, severity: string | null }> } | null, usage: { tokensLastHour: number, costLastHourCents: number, carbonLastHourGrams: number, energyLastHourKwh: number, tokens24h: number, cost24hCents: number, carbon24hGrams: number, energy24hKwh: number } | null, resources: { cpuPercent: number, memoryMb: number, memoryPercent: number, diskUsedMb: number, thoughtsActive: number, thoughtsQueued: number } | null, llm: { totals: { totalRequests: number, failedRequests: number, failureRate: number, averageLatencyMs: number, tokensTotal: number, costCents: number } } | null, serviceHealth: { overall: HealthLevel, healthyCount: number, unhealthyCount: number } | null, queue: { depth: number, thoughtsPerSecond: number, averageLatencyMs: number } | null } | null };

export type AgentResourcesQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
}>;


export type AgentResourcesQuery = { agent: { resources: { cpuPercent: number, cpuAverage1mPercent: number, memoryMb: number, memoryPercent: number, diskUsedMb: number, diskFreeMb: number, thoughtsActive: number, thoughtsQueued: number, healthy: boolean, warnings: Array<string>, critical: Array<string>, limits: Array<{ resource: string, limit: number, warning: number, critical: number }> } | null } | null };

export type AgentsQueryVariables = Exact<{ [key: string]: never; }>;


export type AgentsQuery = { agents: Array<{ id: string, version: string | null, identity: { agentId: string, name: string, purpose: string | null, role: string | null, version: string, codename: string | null } | null, health: { status: SystemHealthStatus, version: string | null, uptimeSeconds: number | null, cognitiveState: CognitiveStateName | null, degradedMode: boolean | null } | null }> };

export type ExportJobQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ExportJobQuery = { exportJob: { id: string, state: ExportJobState, kind: ExportKind, format: ExportFormat, compression: ExportCompression, agent: string, since: string, until: string, metrics: Array<string>, rowsWritten: number, bytesWritten: number, rowsExpected: number | null, createdAt: string, startedAt: string | null, finishedAt: string | null, expiresAt: string | null, error: string | null, fileName: string, downloadPath: string } | null };

export type GatewayInfoQueryVariables = Exact<{ [key: string]: never; }>;


export type GatewayInfoQuery = { gateway: { version: string, agentCount: number } };

export type HandlerSnapshotsQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
  last?: InputMaybe<Scalars['Int']['input']>;
}>;


export type HandlerSnapshotsQuery = { agent: { id: string, handlerSnapshots: Array<{ takenAt: string, handlers: Array<{ handler: string, invocations: number, errors: number, cancelled: number, p50Ms: number | null, p95Ms: number | null, p99Ms: number | null, meanMs: number | null, lastInvokedAt: string | null, lastError: { type: string, message: string, at: string } | null, errorsByType: Array<{ type: string, count: number }> }> }> | null } | null };

export type RateLimitBudgetQueryVariables = Exact<{ [key: string]: never; }>;


export type RateLimitBudgetQuery = { rateLimit: { cost: number, limit: number, remaining: number, resetAt: string, used: number } };

export type AggregatesHourlyQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
  hours?: InputMaybe<Scalars['Int']['input']>;
}>;


export type AggregatesHourlyQuery = { agent: { id: string, llmLatencyMs: Array<{ id: string, start: string, end: string, count: number, sum: number, min: number, max: number, avg: number, p50: number, p95: number, p99: number, change: { avgAbsolute: number, avgRelative: number | null, sumAbsolute: number, sumRelative: number | null, trend: AggregateTrend } | null }>, tokens: Array<{ id: string, start: string, end: string, count: number, sum: number, min: number, max: number, avg: number, p50: number, p95: number, p99: number, change: { avgAbsolute: number, avgRelative: number | null, sumAbsolute: number, sumRelative: number | null, trend: AggregateTrend } | null }>, costCents: Array<{ id: string, start: string, end: string, count: number, sum: number, min: number, max: number, avg: number, p50: number, p95: number, p99: number, change: { avgAbsolute: number, avgRelative: number | null, sumAbsolute: number, sumRelative: number | null, trend: AggregateTrend } | null }>, energyKwh: Array<{ id: string, start: string, end: string, count: number, sum: number, min: number, max: number, avg: number, p50: number, p95: number, p99: number, change: { avgAbsolute: number, avgRelative: number | null, sumAbsolute: number, sumRelative: number | null, trend: AggregateTrend } | null }>, carbonGrams: Array<{ id: string, start: string, end: string, count: number, sum: number, min: number, max: number, avg: number, p50: number, p95: number, p99: number, change: { avgAbsolute: number, avgRelative: number | null, sumAbsolute: number, sumRelative: number | null, trend: AggregateTrend } | null }>, handlerInvocations: Array<{ id: string, start: string, end: string, count: number, sum: number, min: number, max: number, avg: number, p50: number, p95: number, p99: number, change: { avgAbsolute: number, avgRelative: number | null, sumAbsolute: number, sumRelative: number | null, trend: AggregateTrend } | null }>, handlerErrors: Array<{ id: string, start: string, end: string, count: number, sum: number, min: number, max: number, avg: number, p50: number, p95: number, p99: number, change: { avgAbsolute: number, avgRelative: number | null, sumAbsolute: number, sumRelative: number | null, trend: AggregateTrend } | null }>, thoughtsCompleted: Array<{ id: string, start: string, end: string, count: number, sum: number, min: number, max: number, avg: number, p50: number, p95: number, p99: number, change: { avgAbsolute: number, avgRelative: number | null, sumAbsolute: number, sumRelative: number | null, trend: AggregateTrend } | null }> } | null };

export type HourFragment = { id: string, start: string, end: string, count: number, sum: number, min: number, max: number, avg: number, p50: number, p95: number, p99: number, change: { avgAbsolute: number, avgRelative: number | null, sumAbsolute: number, sumRelative: number | null, trend: AggregateTrend } | null };

export type AuditRecentQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
  actor?: InputMaybe<Scalars['String']['input']>;
  outcome?: InputMaybe<Array<AuditOutcome> | AuditOutcome>;
  eventType?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
  entityId?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type AuditRecentQuery = { agent: { audit: { totalCount: number, chainIntact: boolean | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, sequenceNumber: number | null, recordedAt: string, eventType: string, actor: string | null, actorKeyId: string | null, entityId: string | null, subjectKind: string | null, outcome: AuditOutcome | null, outcomeRaw: string | null, details: unknown | null, previousHash: string | null, entryHash: string | null, signature: string | null, signingKeyId: string | null, signatureStatus: SignatureStatus }> } | null } | null };

export type CircuitBreakersQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
  source?: InputMaybe<BreakerSource>;
}>;


export type CircuitBreakersQuery = { agent: { circuitBreakers: Array<{ key: string, name: string, source: BreakerSource, serviceType: string | null, state: BreakerState, failureCount: number, successCount: number, totalCalls: number, totalFailures: number, totalSuccesses: number, successRate: number, consecutiveFailures: number, recoveryAttempts: number, stateTransitions: number, totalTrips: number, totalResets: number, timeInOpenStateSeconds: number, lastFailureAt: string | null, lastOpenAt: string | null, config: { failureThreshold: number, recoveryTimeoutSeconds: number, successThreshold: number, timeoutDurationSeconds: number } }> | null } | null };

export type CognitiveStateQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
}>;


export type CognitiveStateQuery = { agent: { cognitiveState: { current: CognitiveStateName, since: string | null, paused: boolean, allowedNext: Array<CognitiveStateName>, history: Array<{ fromState: CognitiveStateName | null, toState: CognitiveStateName, at: string, reason: string | null }> } | null } | null };

export type DiscordStatusQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
}>;


export type DiscordStatusQuery = { agent: { discord: { state: DiscordConnectionState, connected: boolean, latencyMs: number | null, guilds: number | null, users: number | null, reconnectAttempts: number, maxReconnectAttempts: number, lastConnectedAt: string | null, lastDisconnectedAt: string | null, lastDisconnectReason: string | null } | null } | null };

export type ErrorsQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['DateTime']['input']>;
  level?: InputMaybe<ErrorLevel>;
  source?: InputMaybe<Scalars['String']['input']>;
  fingerprint?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  includeStackTrace?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type ErrorsQuery = { agent: { errors: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ fingerprint: string, typeName: string, message: string, level: string, logger: string | null, file: string | null, line: number | null, function: string | null, firstSeen: string, lastSeen: string, occurrences: number, origin: ErrorOrigin, stackTrace?: string | null, context: { thoughtId: string | null, taskId: string | null, handler: string | null, traceId: string | null } }> } | null } | null };

export type FleetDashboardQueryVariables = Exact<{
  incidents?: InputMaybe<Scalars['Int']['input']>;
}>;


export type FleetDashboardQuery = { fleet: { totals: { agents: number, unreachable: number, healthy: number, degraded: number, critical: number, initializing: number, costLastHourCents: number, cost24hCents: number, tokensLastHour: number, tokens24h: number, incidentsLastHour: number, openCircuitBreakers: number, agentsWithOpenBreakers: number } }, agents: Array<{ id: string, version: string | null, recentIncidentCount: number | null, health: { status: SystemHealthStatus, version: string | null, uptimeSeconds: number | null, cognitiveState: CognitiveStateName | null, initializationComplete: boolean | null, degradedMode: boolean | null, warnings: Array<{ code: string, message: string | null, severity: string | null }> } | null, usage: { costLastHourCents: number, cost24hCents: number, tokensLastHour: number, tokens24h: number } | null, incidents: Array<{ id: string, severity: IncidentSeverity, status: IncidentStatus, title: string, sourceComponent: string | null, lastSeenAt: string, occurrences: number }> | null, resources: { cpuPercent: number, memoryMb: number, memoryPercent: number, diskUsedMb: number, diskFreeMb: number, healthy: boolean, warnings: Array<string> } | null, adapters: Array<{ adapterType: string }> | null, llm: { providers: Array<{ name: string, model: string | null, totalRequests: number, failureRate: number, circuitBreaker: { state: BreakerState, consecutiveFailures: number } | null }> } | null, serviceRegistry: { serviceTypes: Array<{ serviceType: string, providers: Array<{ name: string, priority: ServicePriority, circuitBreaker: { state: BreakerState } | null }> }> } | null, serviceHealth: { overall: HealthLevel, services: Array<{ key: string, name: string, healthy: boolean, circuitBreakerState: BreakerState | null, priority: ServicePriority }> } | null, openCircuitBreakers: Array<{ source: BreakerSource, key: string, state: BreakerState }> | null }> };

export type HandlersQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
}>;


export type HandlersQuery = { agent: { handlers: Array<{ action: HandlerAction, className: string, invocations: number, completions: number, errors: number, errorRate: number, successRate: number, lastInvokedAt: string | null, averageDurationMs: number | null, p50DurationMs: number | null, p95DurationMs: number | null, p99DurationMs: number | null, cancelled: number | null, lastError: { type: string, message: string, at: string } | null, errorsByType: Array<{ type: string, count: number }>, dependencies: Array<{ name: string, serviceType: string, healthy: boolean, providers: number, openBreakers: number }> }> | null } | null };

export type HistoryQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
  metric: Scalars['String']['input'];
  since: Scalars['DateTime']['input'];
  until?: InputMaybe<Scalars['DateTime']['input']>;
  step?: InputMaybe<Scalars['Int']['input']>;
  aggregates?: InputMaybe<Array<HistoryAggregate> | HistoryAggregate>;
  tags?: InputMaybe<Array<TagFilter> | TagFilter>;
}>;


export type HistoryQuery = { agent: { history: { metric: string, since: string, until: string, stepSeconds: number | null, source: HistorySource, rawPoints: number, complete: boolean, problems: Array<string>, percentileMethod: string, aggregatedSince: string | null, aggregatedUntil: string | null, aggregateHours: number, rawRetentionCutoff: string | null, buckets: Array<{ start: string, count: number, source: HistorySource, values: Array<{ aggregate: HistoryAggregate, value: number | null }> }>, points: Array<{ nodeId: string, at: string, value: number, labels: unknown }> | null } | null } | null };

export type IncidentsRecentQueryVariables = Exact<{
  agent?: InputMaybe<Scalars['ID']['input']>;
  severity?: InputMaybe<Array<IncidentSeverity> | IncidentSeverity>;
  status?: InputMaybe<Array<IncidentStatus> | IncidentStatus>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type IncidentsRecentQuery = { incidents: { totalCount: number, unreachableAgents: Array<string>, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, agentId: string | null, severity: IncidentSeverity, status: IncidentStatus, category: string, title: string, description: string | null, sourceComponent: string | null, handlerName: string | null, exceptionType: string | null, firstSeenAt: string, lastSeenAt: string, occurrences: number, resolvedAt: string | null, resolutionSeconds: number | null, resolutionNotes: string | null, taskId: string | null, thoughtId: string | null, correlationId: string | null, handler: string | null }> } | null };

export type LlmUsageQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
}>;


export type LlmUsageQuery = { agent: { llm: { distributionStrategy: string, maxInFlightPerProvider: number, totals: { totalRequests: number, failedRequests: number, failureRate: number, averageLatencyMs: number, tokensInput: number, tokensOutput: number, tokensTotal: number, costCents: number, providersTotal: number, providersAvailable: number }, providers: Array<{ name: string, model: string | null, totalRequests: number, failedRequests: number, failureRate: number, averageLatencyMs: number, tokensInput: number, tokensOutput: number, tokensTotal: number, costCents: number, lastRequestAt: string | null, lastFailureAt: string | null, consecutiveFailures: number, inFlight: number, rateLimited: boolean, rateLimitCooldownRemainingSeconds: number | null, circuitBreaker: { key: string, name: string, source: BreakerSource, serviceType: string | null, state: BreakerState, failureCount: number, successCount: number, totalCalls: number, totalFailures: number, totalSuccesses: number, successRate: number, consecutiveFailures: number, recoveryAttempts: number, stateTransitions: number, totalTrips: number, totalResets: number, timeInOpenStateSeconds: number, lastFailureAt: string | null, lastOpenAt: string | null, config: { failureThreshold: number, recoveryTimeoutSeconds: number, successThreshold: number, timeoutDurationSeconds: number } } | null }> } | null } | null };

export type BreakerFragment = { key: string, name: string, source: BreakerSource, serviceType: string | null, state: BreakerState, failureCount: number, successCount: number, totalCalls: number, totalFailures: number, totalSuccesses: number, successRate: number, consecutiveFailures: number, recoveryAttempts: number, stateTransitions: number, totalTrips: number, totalResets: number, timeInOpenStateSeconds: number, lastFailureAt: string | null, lastOpenAt: string | null, config: { failureThreshold: number, recoveryTimeoutSeconds: number, successThreshold: number, timeoutDurationSeconds: number } };

export type QueueStatusQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
}>;


export type QueueStatusQuery = { agent: { queue: { depth: number, queueSize: number, maxSize: number, pendingThoughts: number | null, processingThoughts: number | null, thoughtsPerSecond: number, averageLatencyMs: number, items: Array<{ thoughtId: string, thoughtType: ThoughtType, depth: number, ageSeconds: number | null, task: { id: string, description: string, status: TaskStatus, priority: number } | null }> } | null } | null };

export type RateLimitsQueryVariables = Exact<{
  keyId?: InputMaybe<Scalars['ID']['input']>;
  quotaStatus?: InputMaybe<QuotaRequestStatus>;
  quotaRequestLimit?: InputMaybe<Scalars['Int']['input']>;
  includeIdle?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type RateLimitsQuery = { rateLimits: { enabled: boolean, shared: boolean, degraded: boolean, callers: Array<{ subject: string, keyId: string | null, keyName: string | null, role: string | null, points: { endpoint: string, limit: number, periodSeconds: number, burst: number, used: number, remaining: number, resetAt: string, source: RateLimitSource, quotaRequestId: string | null }, endpoints: Array<{ endpoint: string, limit: number, periodSeconds: number, burst: number, used: number, remaining: number, resetAt: string, source: RateLimitSource, quotaRequestId: string | null }> }>, quotaRequests: Array<{ id: string, subject: string, keyId: string | null, endpoint: string, requestedLimit: number, periodSeconds: number, limitAtRequest: number, reason: string, status: QuotaRequestStatus, requestedAt: string, requestedBy: string, decidedAt: string | null, decidedBy: string | null, note: string | null }> } };

export type BucketFragment = { endpoint: string, limit: number, periodSeconds: number, burst: number, used: number, remaining: number, resetAt: string, source: RateLimitSource, quotaRequestId: string | null };

export type ServiceHealthQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
}>;


export type ServiceHealthQuery = { agent: { serviceHealth: { overall: HealthLevel, at: string, healthyCount: number, unhealthyCount: number, recommendations: Array<string>, services: Array<{ key: string, kind: string, category: string, name: string, healthy: boolean, circuitBreakerState: BreakerState | null, priority: ServicePriority, priorityGroup: number, strategy: SelectionStrategy, metrics: { callsTotal: number, failuresTotal: number, successesTotal: number, successRate: number, consecutiveFailures: number, timeInOpenStateSeconds: number } | null, availability: { lastHour: { percent: number, upSamples: number, samples: number } | null, last24Hours: { percent: number, upSamples: number, samples: number } | null, last7Days: { percent: number, upSamples: number, samples: number } | null } | null }>, availability: { lastHour: { percent: number, upSamples: number, samples: number } | null, last24Hours: { percent: number, upSamples: number, samples: number } | null, last7Days: { percent: number, upSamples: number, samples: number } | null } | null, dependencyHealth: { serviceTypes: Array<{ serviceType: string, bus: string | null, level: DependencyLevel, providerCount: number, providersDown: number, providersHalfOpen: number, problems: Array<{ serviceType: string, provider: string | null, breakerSource: DependencyBreakerSource | null, circuitBreakerState: BreakerState | null, message: string }> }>, handlers: Array<{ action: string, level: DependencyLevel, dependsOn: Array<string>, problems: Array<{ serviceType: string, provider: string | null, breakerSource: DependencyBreakerSource | null, circuitBreakerState: BreakerState | null, message: string }> }> } | null } | null } | null };

export type ServiceRegistryQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
}>;


export type ServiceRegistryQuery = { agent: { serviceRegistry: { providerCount: number, serviceTypes: Array<{ serviceType: string, providers: Array<{ name: string, serviceType: string, priority: ServicePriority, priorityValue: number, priorityGroup: number, strategy: SelectionStrategy, capabilities: Array<string>, metadata: unknown, circuitBreaker: { key: string, name: string, state: BreakerState, failureCount: number, consecutiveFailures: number, totalTrips: number, lastFailureAt: string | null } | null }> }> } | null } | null };

export type DailySummaryQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
  day?: InputMaybe<Scalars['Date']['input']>;
  metrics?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
}>;


export type DailySummaryQuery = { agent: { dailySummary: { agentId: string, day: string, since: string, until: string, aggregated: boolean, anomalyStatistic: AnomalyStatistic, anomalyThreshold: number, baselineHours: number, metrics: Array<{ metric: string, daily: { id: string, start: string, end: string, count: number, sum: number, min: number, max: number, avg: number, p50: number, p95: number, p99: number, change: { avgAbsolute: number, avgRelative: number | null, sumAbsolute: number, sumRelative: number | null, trend: AggregateTrend } | null } | null, previousDay: { id: string, start: string, count: number, sum: number, avg: number, p95: number } | null, peakHourBySum: { hour: string, value: number } | null, peakHourByP95: { hour: string, value: number } | null, anomalies: Array<{ metric: string, hour: string, value: number, expected: number, score: number, direction: AnomalyDirection, scale: AnomalyScale, baselineHours: number }> }>, anomalies: Array<{ metric: string, hour: string, value: number, expected: number, score: number, direction: AnomalyDirection, scale: AnomalyScale, baselineHours: number }> } | null } | null };

export type SystemSnapshotQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
  recentDecisions: Scalars['Int']['input'];
}>;


export type SystemSnapshotQuery = { agent: { snapshot: { at: string, version: string, codename: string | null, uptimeSeconds: number, processorStatus: ProcessorStatus, cognitiveState: CognitiveStateName, identity: { agentId: string, name: string, purpose: string | null, role: string | null, version: string, codename: string | null, codeHash: string | null }, goals: Array<{ source: GoalSource, description: string, taskId: string | null, name: string | null, status: string | null, scheduleCron: string | null, deferUntil: string | null, nextRunAt: string | null, lastRunAt: string | null }> | null, resources: { memoryMb: number, memoryPercent: number, cpuPercent: number, cpuAverage1mPercent: number, diskUsedMb: number, diskFreeMb: number, thoughtsActive: number, thoughtsQueued: number, healthy: boolean, warnings: Array<string>, critical: Array<string>, limits: Array<{ resource: string, limit: number, warning: number, critical: number }> } | null, activeTask: { id: string, description: string, status: TaskStatus, priority: number, createdAt: string, updatedAt: string } | null, activeChannels: Array<{ channelId: string, activeTasks: number, pendingTasks: number, lastActivityAt: string }> | null, recentDecisions: Array<{ id: string, type: ThoughtType, status: ThoughtStatus, handler: HandlerAction | null, updatedAt: string, finalAction: { action: HandlerAction, reasoning: string | null } | null }>, decisions: Array<{ thoughtId: string, taskId: string, channelId: string | null, action: HandlerAction, rationale: string | null, decidedAt: string }> | null, thoughtCounts: { pending: number, processing: number, completed: number, failed: number, deferred: number }, health: { overall: HealthLevel, healthyServices: number, unhealthyServices: number, openCircuitBreakers: number }, lastHour: { tokens: number | null, costCents: number | null, errorGroups: number | null, incidents: number | null } } | null } | null };

export type ThoughtsQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<Array<ThoughtStatus> | ThoughtStatus>;
  type?: InputMaybe<Array<ThoughtType> | ThoughtType>;
  includeContent?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type ThoughtsQuery = { agent: { thoughts: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, type: ThoughtType, status: ThoughtStatus, depth: number, round: number, channelId: string | null, parentThoughtId: string | null, createdAt: string, updatedAt: string, ageSeconds: number, handler: HandlerAction | null, content?: string | null, finalAction: { action: HandlerAction, reasoning: string | null, params: unknown } | null, task: { id: string, description: string, status: TaskStatus, priority: number, createdAt: string } | null }> } | null } | null };

export type TraceQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  agent?: InputMaybe<Scalars['ID']['input']>;
}>;


export type TraceQuery = { trace: { id: string, startedAt: string | null, endedAt: string | null, durationMs: number | null, agentIds: Array<string>, problems: Array<string>, events: Array<
      | { entryId: string, actionType: string, actor: string, outcome: string | null, thoughtId: string | null, taskId: string | null, handler: string | null, executionTimeMs: number | null, at: string, kind: TraceEventKind, agentId: string | null, summary: string }
      | { correlationId: string, serviceType: string, handler: string | null, action: string, correlationType: string, status: string, executionTimeMs: number | null, spanId: string | null, parentSpanId: string | null, thoughtId: string | null, taskId: string | null, success: boolean | null, errorType: string | null, errorMessage: string | null, at: string, kind: TraceEventKind, agentId: string | null, summary: string }
      | { fingerprint: string, typeName: string, message: string, level: string, logger: string | null, occurrences: number, firstSeen: string, at: string, kind: TraceEventKind, agentId: string | null, summary: string }
      | { entryId: string, action: string, actor: string, role: string | null, target: string | null, outcome: string | null, detail: string | null, spanId: string | null, requestId: string | null, at: string, kind: TraceEventKind, agentId: string | null, summary: string }
      | { level: string, service: string, message: string, at: string, kind: TraceEventKind, agentId: string | null, summary: string }
      | { method: string, path: string, queryParameters: Array<string>, route: RequestRoute, operationName: string | null, statusCode: number | null, durationMs: number, role: string | null, spanId: string | null, parentSpanId: string | null, requestId: string | null, at: string, kind: TraceEventKind, agentId: string | null, summary: string }
    > } | null };

export type TsdbStatusQueryVariables = Exact<{
  agent: Scalars['ID']['input'];
}>;


export type TsdbStatusQuery = { agent: { tsdbStatus: { aggregationEnabled: boolean, lastRunAt: string | null, nextRunAt: string | null, pointsRead: number, pointsConsolidated: number, hourlyAggregates: number, dailyAggregates: number, compressionRatio: number | null, bytesPerAggregate: number | null, storageSavedBytes: number, lastRunFailure: string | null, agentConsolidation: { lastConsolidationAt: string | null, lastExtensiveAt: string | null, lastProfoundAt: string | null, nextRunAt: string | null } | null } | null } | null };

export type EventHeaderFragment = { agentId: string, sequence: number, at: string, kind: AgentEventKind, gap: boolean, dropped: number };

export type BreakerChangeFieldsFragment = { source: BreakerSource, key: string, name: string, fromState: BreakerState | null, toState: BreakerState, failureCount: number, consecutiveFailures: number };

export type LlmCallFieldsFragment = { thoughtId: string | null, taskId: string | null, handlerName: string | null, serviceName: string | null, model: string | null, responseModel: string | null, promptTokens: number, completionTokens: number, totalTokens: number, costCents: number, durationMs: number, status: string, errorClass: string | null, attemptCount: number, retryCount: number, promptHash: string | null };

export type RecordedErrorFieldsFragment = { source: string, message: string, errorClass: string | null, handler: string | null, serviceName: string | null, thoughtId: string | null, taskId: string | null, count: number, total: number | null, fingerprint: string | null, level: string | null, logger: string | null, occurrences: number | null, traceId: string | null };

export type AgentEventsSubscriptionVariables = Exact<{
  agent: Scalars['ID']['input'];
  kinds?: InputMaybe<Array<AgentEventKind> | AgentEventKind>;
  since?: InputMaybe<Scalars['Int']['input']>;
}>;


export type AgentEventsSubscription = { agentEvents: { payload: unknown, agentId: string, sequence: number, at: string, kind: AgentEventKind, gap: boolean, dropped: number, breaker: { source: BreakerSource, key: string, name: string, fromState: BreakerState | null, toState: BreakerState, failureCount: number, consecutiveFailures: number } | null, cognitiveState: { fromState: CognitiveStateName | null, toState: CognitiveStateName } | null, llmCall: { thoughtId: string | null, taskId: string | null, handlerName: string | null, serviceName: string | null, model: string | null, responseModel: string | null, promptTokens: number, completionTokens: number, totalTokens: number, costCents: number, durationMs: number, status: string, errorClass: string | null, attemptCount: number, retryCount: number, promptHash: string | null } | null, error: { source: string, message: string, errorClass: string | null, handler: string | null, serviceName: string | null, thoughtId: string | null, taskId: string | null, count: number, total: number | null, fingerprint: string | null, level: string | null, logger: string | null, occurrences: number | null, traceId: string | null } | null } };

export type CircuitBreakerChangedSubscriptionVariables = Exact<{
  agent: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['Int']['input']>;
}>;


export type CircuitBreakerChangedSubscription = { circuitBreakerChanged: { agentId: string, sequence: number, at: string, kind: AgentEventKind, gap: boolean, dropped: number, breaker: { source: BreakerSource, key: string, name: string, fromState: BreakerState | null, toState: BreakerState, failureCount: number, consecutiveFailures: number } | null } };

export type CognitiveStateChangedSubscriptionVariables = Exact<{
  agent: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['Int']['input']>;
}>;


export type CognitiveStateChangedSubscription = { cognitiveStateChanged: { agentId: string, sequence: number, at: string, kind: AgentEventKind, gap: boolean, dropped: number, cognitiveState: { fromState: CognitiveStateName | null, toState: CognitiveStateName } | null } };

export type ErrorRecordedSubscriptionVariables = Exact<{
  agent: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['Int']['input']>;
}>;


export type ErrorRecordedSubscription = { errorRecorded: { agentId: string, sequence: number, at: string, kind: AgentEventKind, gap: boolean, dropped: number, error: { source: string, message: string, errorClass: string | null, handler: string | null, serviceName: string | null, thoughtId: string | null, taskId: string | null, count: number, total: number | null, fingerprint: string | null, level: string | null, logger: string | null, occurrences: number | null, traceId: string | null } | null } };

export type HealthChangedSubscriptionVariables = Exact<{
  agent: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['Int']['input']>;
}>;


export type HealthChangedSubscription = { healthChanged: { payload: unknown, agentId: string, sequence: number, at: string, kind: AgentEventKind, gap: boolean, dropped: number } };

export type IncidentOpenedSubscriptionVariables = Exact<{
  agent: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['Int']['input']>;
}>;


export type IncidentOpenedSubscription = { incidentOpened: { payload: unknown, agentId: string, sequence: number, at: string, kind: AgentEventKind, gap: boolean, dropped: number } };

export type LlmCallSubscriptionVariables = Exact<{
  agent: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['Int']['input']>;
}>;


export type LlmCallSubscription = { llmCall: { agentId: string, sequence: number, at: string, kind: AgentEventKind, gap: boolean, dropped: number, llmCall: { thoughtId: string | null, taskId: string | null, handlerName: string | null, serviceName: string | null, model: string | null, responseModel: string | null, promptTokens: number, completionTokens: number, totalTokens: number, costCents: number, durationMs: number, status: string, errorClass: string | null, attemptCount: number, retryCount: number, promptHash: string | null } | null } };

export type MetricSamplesSubscriptionVariables = Exact<{
  agent: Scalars['ID']['input'];
  names: Array<Scalars['String']['input']> | Scalars['String']['input'];
  intervalSeconds?: InputMaybe<Scalars['Float']['input']>;
}>;


export type MetricSamplesSubscription = { metrics: { agentId: string, sequence: number, at: string, dropped: number, problems: Array<string>, missing: Array<string>, values: Array<{ name: string, value: number, at: string, labels: unknown }> } };

export type QueueSamplesSubscriptionVariables = Exact<{
  agent: Scalars['ID']['input'];
  intervalSeconds?: InputMaybe<Scalars['Float']['input']>;
}>;


export type QueueSamplesSubscription = { queue: { agentId: string, sequence: number, at: string, dropped: number, problems: Array<string>, queueSize: number | null, depth: number | null, maxSize: number | null, thoughtsPerSecond: number | null, averageLatencyMs: number | null, pendingThoughts: number | null, processingThoughts: number | null } };

export type SystemSummarySamplesSubscriptionVariables = Exact<{
  agent: Scalars['ID']['input'];
  intervalSeconds?: InputMaybe<Scalars['Float']['input']>;
}>;


export type SystemSummarySamplesSubscription = { systemSummary: { agentId: string, sequence: number, at: string, dropped: number, problems: Array<string>, status: SystemHealthStatus | null, cognitiveState: CognitiveStateName | null, uptimeSeconds: number | null, warningCodes: Array<string> | null, queueSize: number | null, thoughtsPerSecond: number | null, llmRequests: number | null, llmFailedRequests: number | null, llmTokens: number | null, llmCostCents: number | null, openCircuitBreakers: number | null, costLastHourCents: number | null, tokensLastHour: number | null, incidentsLastHour: number | null } };

export type ThoughtUpdatedSubscriptionVariables = Exact<{
  agent: Scalars['ID']['input'];
  since?: InputMaybe<Scalars['Int']['input']>;
}>;


export type ThoughtUpdatedSubscription = { thoughtUpdated: { payload: unknown, agentId: string, sequence: number, at: string, kind: AgentEventKind, gap: boolean, dropped: number } };

export const ExportJobFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ExportJobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ExportJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"compression"}},{"kind":"Field","name":{"kind":"Name","value":"agent"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"until"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"}},{"kind":"Field","name":{"kind":"Name","value":"rowsWritten"}},{"kind":"Field","name":{"kind":"Name","value":"bytesWritten"}},{"kind":"Field","name":{"kind":"Name","value":"rowsExpected"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"downloadPath"}}]}}]} as unknown as DocumentNode<ExportJobFieldsFragment, unknown>;
export const QuotaRequestFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"QuotaRequestFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"QuotaRequest"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"requestedLimit"}},{"kind":"Field","name":{"kind":"Name","value":"periodSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"limitAtRequest"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedBy"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}}]} as unknown as DocumentNode<QuotaRequestFieldsFragment, unknown>;
export const HourFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Hour"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetricAggregate"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"sum"}},{"kind":"Field","name":{"kind":"Name","value":"min"}},{"kind":"Field","name":{"kind":"Name","value":"max"}},{"kind":"Field","name":{"kind":"Name","value":"avg"}},{"kind":"Field","name":{"kind":"Name","value":"p50"}},{"kind":"Field","name":{"kind":"Name","value":"p95"}},{"kind":"Field","name":{"kind":"Name","value":"p99"}},{"kind":"Field","name":{"kind":"Name","value":"change"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"avgAbsolute"}},{"kind":"Field","name":{"kind":"Name","value":"avgRelative"}},{"kind":"Field","name":{"kind":"Name","value":"sumAbsolute"}},{"kind":"Field","name":{"kind":"Name","value":"sumRelative"}},{"kind":"Field","name":{"kind":"Name","value":"trend"}}]}}]}}]} as unknown as DocumentNode<HourFragment, unknown>;
export const BreakerFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Breaker"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CircuitBreaker"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"serviceType"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"failureCount"}},{"kind":"Field","name":{"kind":"Name","value":"successCount"}},{"kind":"Field","name":{"kind":"Name","value":"totalCalls"}},{"kind":"Field","name":{"kind":"Name","value":"totalFailures"}},{"kind":"Field","name":{"kind":"Name","value":"totalSuccesses"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"recoveryAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"stateTransitions"}},{"kind":"Field","name":{"kind":"Name","value":"totalTrips"}},{"kind":"Field","name":{"kind":"Name","value":"totalResets"}},{"kind":"Field","name":{"kind":"Name","value":"timeInOpenStateSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"lastFailureAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastOpenAt"}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"failureThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"recoveryTimeoutSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"successThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutDurationSeconds"}}]}}]}}]} as unknown as DocumentNode<BreakerFragment, unknown>;
export const BucketFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Bucket"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EndpointRateLimit"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"periodSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"burst"}},{"kind":"Field","name":{"kind":"Name","value":"used"}},{"kind":"Field","name":{"kind":"Name","value":"remaining"}},{"kind":"Field","name":{"kind":"Name","value":"resetAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"quotaRequestId"}}]}}]} as unknown as DocumentNode<BucketFragment, unknown>;
export const EventHeaderFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EventHeader"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"gap"}},{"kind":"Field","name":{"kind":"Name","value":"dropped"}}]}}]} as unknown as DocumentNode<EventHeaderFragment, unknown>;
export const BreakerChangeFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BreakerChangeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BreakerChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fromState"}},{"kind":"Field","name":{"kind":"Name","value":"toState"}},{"kind":"Field","name":{"kind":"Name","value":"failureCount"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}}]}}]} as unknown as DocumentNode<BreakerChangeFieldsFragment, unknown>;
export const LlmCallFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LlmCallFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LLMCall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thoughtId"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"handlerName"}},{"kind":"Field","name":{"kind":"Name","value":"serviceName"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"responseModel"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}},{"kind":"Field","name":{"kind":"Name","value":"totalTokens"}},{"kind":"Field","name":{"kind":"Name","value":"costCents"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"errorClass"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"retryCount"}},{"kind":"Field","name":{"kind":"Name","value":"promptHash"}}]}}]} as unknown as DocumentNode<LlmCallFieldsFragment, unknown>;
export const RecordedErrorFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RecordedErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RecordedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"errorClass"}},{"kind":"Field","name":{"kind":"Name","value":"handler"}},{"kind":"Field","name":{"kind":"Name","value":"serviceName"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtId"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprint"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"logger"}},{"kind":"Field","name":{"kind":"Name","value":"occurrences"}},{"kind":"Field","name":{"kind":"Name","value":"traceId"}}]}}]} as unknown as DocumentNode<RecordedErrorFieldsFragment, unknown>;
export const CreateExportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateExport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ExportInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createExport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ExportJobFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ExportJobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ExportJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"compression"}},{"kind":"Field","name":{"kind":"Name","value":"agent"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"until"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"}},{"kind":"Field","name":{"kind":"Name","value":"rowsWritten"}},{"kind":"Field","name":{"kind":"Name","value":"bytesWritten"}},{"kind":"Field","name":{"kind":"Name","value":"rowsExpected"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"downloadPath"}}]}}]} as unknown as DocumentNode<CreateExportMutation, CreateExportMutationVariables>;
export const DecideQuotaRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DecideQuotaRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"approve"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"note"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decideQuotaRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"approve"},"value":{"kind":"Variable","name":{"kind":"Name","value":"approve"}}},{"kind":"Argument","name":{"kind":"Name","value":"note"},"value":{"kind":"Variable","name":{"kind":"Name","value":"note"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"QuotaRequestFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"QuotaRequestFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"QuotaRequest"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"requestedLimit"}},{"kind":"Field","name":{"kind":"Name","value":"periodSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"limitAtRequest"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedBy"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}}]} as unknown as DocumentNode<DecideQuotaRequestMutation, DecideQuotaRequestMutationVariables>;
export const RequestQuotaIncreaseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestQuotaIncrease"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"endpoint"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestQuotaIncrease"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"endpoint"},"value":{"kind":"Variable","name":{"kind":"Name","value":"endpoint"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"QuotaRequestFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"QuotaRequestFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"QuotaRequest"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"requestedLimit"}},{"kind":"Field","name":{"kind":"Name","value":"periodSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"limitAtRequest"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedBy"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}}]} as unknown as DocumentNode<RequestQuotaIncreaseMutation, RequestQuotaIncreaseMutationVariables>;
export const ResetCircuitBreakerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResetCircuitBreaker"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"source"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BreakerSource"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resetCircuitBreaker"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}},{"kind":"Argument","name":{"kind":"Name","value":"source"},"value":{"kind":"Variable","name":{"kind":"Name","value":"source"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditEntryId"}},{"kind":"Field","name":{"kind":"Name","value":"breaker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"failureCount"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}}]}}]}}]}}]} as unknown as DocumentNode<ResetCircuitBreakerMutation, ResetCircuitBreakerMutationVariables>;
export const AgentHealthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AgentHealth"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"uptimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"cognitiveState"}},{"kind":"Field","name":{"kind":"Name","value":"initializationComplete"}},{"kind":"Field","name":{"kind":"Name","value":"degradedMode"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AgentHealthQuery, AgentHealthQueryVariables>;
export const AgentOverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AgentOverview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"uptimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"cognitiveState"}},{"kind":"Field","name":{"kind":"Name","value":"degradedMode"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tokensLastHour"}},{"kind":"Field","name":{"kind":"Name","value":"costLastHourCents"}},{"kind":"Field","name":{"kind":"Name","value":"carbonLastHourGrams"}},{"kind":"Field","name":{"kind":"Name","value":"energyLastHourKwh"}},{"kind":"Field","name":{"kind":"Name","value":"tokens24h"}},{"kind":"Field","name":{"kind":"Name","value":"cost24hCents"}},{"kind":"Field","name":{"kind":"Name","value":"carbon24hGrams"}},{"kind":"Field","name":{"kind":"Name","value":"energy24hKwh"}}]}},{"kind":"Field","name":{"kind":"Name","value":"resources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cpuPercent"}},{"kind":"Field","name":{"kind":"Name","value":"memoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"memoryPercent"}},{"kind":"Field","name":{"kind":"Name","value":"diskUsedMb"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtsActive"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtsQueued"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recentIncidentCount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"hours"},"value":{"kind":"IntValue","value":"1"}}]},{"kind":"Field","name":{"kind":"Name","value":"llm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalRequests"}},{"kind":"Field","name":{"kind":"Name","value":"failedRequests"}},{"kind":"Field","name":{"kind":"Name","value":"failureRate"}},{"kind":"Field","name":{"kind":"Name","value":"averageLatencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"tokensTotal"}},{"kind":"Field","name":{"kind":"Name","value":"costCents"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"serviceHealth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"overall"}},{"kind":"Field","name":{"kind":"Name","value":"healthyCount"}},{"kind":"Field","name":{"kind":"Name","value":"unhealthyCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"queue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"depth"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtsPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"averageLatencyMs"}}]}}]}}]}}]} as unknown as DocumentNode<AgentOverviewQuery, AgentOverviewQueryVariables>;
export const AgentResourcesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AgentResources"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cpuPercent"}},{"kind":"Field","name":{"kind":"Name","value":"cpuAverage1mPercent"}},{"kind":"Field","name":{"kind":"Name","value":"memoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"memoryPercent"}},{"kind":"Field","name":{"kind":"Name","value":"diskUsedMb"}},{"kind":"Field","name":{"kind":"Name","value":"diskFreeMb"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtsActive"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtsQueued"}},{"kind":"Field","name":{"kind":"Name","value":"healthy"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"critical"}},{"kind":"Field","name":{"kind":"Name","value":"limits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resource"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"warning"}},{"kind":"Field","name":{"kind":"Name","value":"critical"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AgentResourcesQuery, AgentResourcesQueryVariables>;
export const AgentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Agents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"identity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"codename"}}]}},{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"uptimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"cognitiveState"}},{"kind":"Field","name":{"kind":"Name","value":"degradedMode"}}]}}]}}]}}]} as unknown as DocumentNode<AgentsQuery, AgentsQueryVariables>;
export const ExportJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExportJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ExportJobFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ExportJobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ExportJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"compression"}},{"kind":"Field","name":{"kind":"Name","value":"agent"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"until"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"}},{"kind":"Field","name":{"kind":"Name","value":"rowsWritten"}},{"kind":"Field","name":{"kind":"Name","value":"bytesWritten"}},{"kind":"Field","name":{"kind":"Name","value":"rowsExpected"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"downloadPath"}}]}}]} as unknown as DocumentNode<ExportJobQuery, ExportJobQueryVariables>;
export const GatewayInfoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GatewayInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gateway"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"agentCount"}}]}}]}}]} as unknown as DocumentNode<GatewayInfoQuery, GatewayInfoQueryVariables>;
export const HandlerSnapshotsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HandlerSnapshots"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"24"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"handlerSnapshots"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"takenAt"}},{"kind":"Field","name":{"kind":"Name","value":"handlers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handler"}},{"kind":"Field","name":{"kind":"Name","value":"invocations"}},{"kind":"Field","name":{"kind":"Name","value":"errors"}},{"kind":"Field","name":{"kind":"Name","value":"cancelled"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p99Ms"}},{"kind":"Field","name":{"kind":"Name","value":"meanMs"}},{"kind":"Field","name":{"kind":"Name","value":"lastInvokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errorsByType"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<HandlerSnapshotsQuery, HandlerSnapshotsQueryVariables>;
export const RateLimitBudgetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RateLimitBudget"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rateLimit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cost"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"remaining"}},{"kind":"Field","name":{"kind":"Name","value":"resetAt"}},{"kind":"Field","name":{"kind":"Name","value":"used"}}]}}]}}]} as unknown as DocumentNode<RateLimitBudgetQuery, RateLimitBudgetQueryVariables>;
export const AggregatesHourlyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AggregatesHourly"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"hours"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"llmLatencyMs"},"name":{"kind":"Name","value":"aggregates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"metric"},"value":{"kind":"StringValue","value":"llm.latency.ms","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"hours"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Hour"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"tokens"},"name":{"kind":"Name","value":"aggregates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"metric"},"value":{"kind":"StringValue","value":"llm.tokens.total","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"hours"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Hour"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"costCents"},"name":{"kind":"Name","value":"aggregates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"metric"},"value":{"kind":"StringValue","value":"llm.cost.cents","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"hours"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Hour"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"energyKwh"},"name":{"kind":"Name","value":"aggregates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"metric"},"value":{"kind":"StringValue","value":"llm.environmental.energy_kwh","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"hours"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Hour"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"carbonGrams"},"name":{"kind":"Name","value":"aggregates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"metric"},"value":{"kind":"StringValue","value":"llm.environmental.carbon_grams","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"hours"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Hour"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"handlerInvocations"},"name":{"kind":"Name","value":"aggregates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"metric"},"value":{"kind":"StringValue","value":"handler_invoked_total","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"hours"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Hour"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"handlerErrors"},"name":{"kind":"Name","value":"aggregates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"metric"},"value":{"kind":"StringValue","value":"handler_error_total","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"hours"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Hour"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"thoughtsCompleted"},"name":{"kind":"Name","value":"aggregates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"metric"},"value":{"kind":"StringValue","value":"thought_processing_completed","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"hours"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Hour"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Hour"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetricAggregate"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"sum"}},{"kind":"Field","name":{"kind":"Name","value":"min"}},{"kind":"Field","name":{"kind":"Name","value":"max"}},{"kind":"Field","name":{"kind":"Name","value":"avg"}},{"kind":"Field","name":{"kind":"Name","value":"p50"}},{"kind":"Field","name":{"kind":"Name","value":"p95"}},{"kind":"Field","name":{"kind":"Name","value":"p99"}},{"kind":"Field","name":{"kind":"Name","value":"change"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"avgAbsolute"}},{"kind":"Field","name":{"kind":"Name","value":"avgRelative"}},{"kind":"Field","name":{"kind":"Name","value":"sumAbsolute"}},{"kind":"Field","name":{"kind":"Name","value":"sumRelative"}},{"kind":"Field","name":{"kind":"Name","value":"trend"}}]}}]}}]} as unknown as DocumentNode<AggregatesHourlyQuery, AggregatesHourlyQueryVariables>;
export const AuditRecentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditRecent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"actor"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outcome"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AuditOutcome"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"eventType"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"entityId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audit"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}},{"kind":"Argument","name":{"kind":"Name","value":"actor"},"value":{"kind":"Variable","name":{"kind":"Name","value":"actor"}}},{"kind":"Argument","name":{"kind":"Name","value":"outcome"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outcome"}}},{"kind":"Argument","name":{"kind":"Name","value":"eventType"},"value":{"kind":"Variable","name":{"kind":"Name","value":"eventType"}}},{"kind":"Argument","name":{"kind":"Name","value":"entityId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"entityId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"chainIntact"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sequenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"actorKeyId"}},{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"subjectKind"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"outcomeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"previousHash"}},{"kind":"Field","name":{"kind":"Name","value":"entryHash"}},{"kind":"Field","name":{"kind":"Name","value":"signature"}},{"kind":"Field","name":{"kind":"Name","value":"signingKeyId"}},{"kind":"Field","name":{"kind":"Name","value":"signatureStatus"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AuditRecentQuery, AuditRecentQueryVariables>;
export const CircuitBreakersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CircuitBreakers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"source"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"BreakerSource"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"circuitBreakers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"source"},"value":{"kind":"Variable","name":{"kind":"Name","value":"source"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"serviceType"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"failureCount"}},{"kind":"Field","name":{"kind":"Name","value":"successCount"}},{"kind":"Field","name":{"kind":"Name","value":"totalCalls"}},{"kind":"Field","name":{"kind":"Name","value":"totalFailures"}},{"kind":"Field","name":{"kind":"Name","value":"totalSuccesses"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"recoveryAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"stateTransitions"}},{"kind":"Field","name":{"kind":"Name","value":"totalTrips"}},{"kind":"Field","name":{"kind":"Name","value":"totalResets"}},{"kind":"Field","name":{"kind":"Name","value":"timeInOpenStateSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"lastFailureAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastOpenAt"}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"failureThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"recoveryTimeoutSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"successThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutDurationSeconds"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CircuitBreakersQuery, CircuitBreakersQueryVariables>;
export const CognitiveStateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CognitiveState"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cognitiveState"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"current"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"paused"}},{"kind":"Field","name":{"kind":"Name","value":"allowedNext"}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fromState"}},{"kind":"Field","name":{"kind":"Name","value":"toState"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CognitiveStateQuery, CognitiveStateQueryVariables>;
export const DiscordStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DiscordStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"discord"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"connected"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"guilds"}},{"kind":"Field","name":{"kind":"Name","value":"users"}},{"kind":"Field","name":{"kind":"Name","value":"reconnectAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"maxReconnectAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastConnectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastDisconnectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastDisconnectReason"}}]}}]}}]}}]} as unknown as DocumentNode<DiscordStatusQuery, DiscordStatusQueryVariables>;
export const ErrorsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Errors"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"level"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ErrorLevel"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"source"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fingerprint"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeStackTrace"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}},"defaultValue":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"errors"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"level"},"value":{"kind":"Variable","name":{"kind":"Name","value":"level"}}},{"kind":"Argument","name":{"kind":"Name","value":"source"},"value":{"kind":"Variable","name":{"kind":"Name","value":"source"}}},{"kind":"Argument","name":{"kind":"Name","value":"fingerprint"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fingerprint"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fingerprint"}},{"kind":"Field","name":{"kind":"Name","value":"typeName"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"logger"}},{"kind":"Field","name":{"kind":"Name","value":"file"}},{"kind":"Field","name":{"kind":"Name","value":"line"}},{"kind":"Field","name":{"kind":"Name","value":"function"}},{"kind":"Field","name":{"kind":"Name","value":"firstSeen"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeen"}},{"kind":"Field","name":{"kind":"Name","value":"occurrences"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"context"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thoughtId"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"handler"}},{"kind":"Field","name":{"kind":"Name","value":"traceId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stackTrace"},"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeStackTrace"}}}]}]}]}}]}}]}}]}}]} as unknown as DocumentNode<ErrorsQuery, ErrorsQueryVariables>;
export const FleetDashboardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FleetDashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"incidents"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fleet"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agents"}},{"kind":"Field","name":{"kind":"Name","value":"unreachable"}},{"kind":"Field","name":{"kind":"Name","value":"healthy"}},{"kind":"Field","name":{"kind":"Name","value":"degraded"}},{"kind":"Field","name":{"kind":"Name","value":"critical"}},{"kind":"Field","name":{"kind":"Name","value":"initializing"}},{"kind":"Field","name":{"kind":"Name","value":"costLastHourCents"}},{"kind":"Field","name":{"kind":"Name","value":"cost24hCents"}},{"kind":"Field","name":{"kind":"Name","value":"tokensLastHour"}},{"kind":"Field","name":{"kind":"Name","value":"tokens24h"}},{"kind":"Field","name":{"kind":"Name","value":"incidentsLastHour"}},{"kind":"Field","name":{"kind":"Name","value":"openCircuitBreakers"}},{"kind":"Field","name":{"kind":"Name","value":"agentsWithOpenBreakers"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"agents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"uptimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"cognitiveState"}},{"kind":"Field","name":{"kind":"Name","value":"initializationComplete"}},{"kind":"Field","name":{"kind":"Name","value":"degradedMode"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"costLastHourCents"}},{"kind":"Field","name":{"kind":"Name","value":"cost24hCents"}},{"kind":"Field","name":{"kind":"Name","value":"tokensLastHour"}},{"kind":"Field","name":{"kind":"Name","value":"tokens24h"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recentIncidentCount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"hours"},"value":{"kind":"IntValue","value":"1"}}]},{"kind":"Field","name":{"kind":"Name","value":"incidents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"incidents"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"sourceComponent"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"occurrences"}}]}},{"kind":"Field","name":{"kind":"Name","value":"resources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cpuPercent"}},{"kind":"Field","name":{"kind":"Name","value":"memoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"memoryPercent"}},{"kind":"Field","name":{"kind":"Name","value":"diskUsedMb"}},{"kind":"Field","name":{"kind":"Name","value":"diskFreeMb"}},{"kind":"Field","name":{"kind":"Name","value":"healthy"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}},{"kind":"Field","name":{"kind":"Name","value":"adapters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adapterType"}}]}},{"kind":"Field","name":{"kind":"Name","value":"llm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"totalRequests"}},{"kind":"Field","name":{"kind":"Name","value":"failureRate"}},{"kind":"Field","name":{"kind":"Name","value":"circuitBreaker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"serviceRegistry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceType"}},{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"circuitBreaker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"serviceHealth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"overall"}},{"kind":"Field","name":{"kind":"Name","value":"services"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"healthy"}},{"kind":"Field","name":{"kind":"Name","value":"circuitBreakerState"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"openCircuitBreakers"},"name":{"kind":"Name","value":"circuitBreakers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"state"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"OPEN"},{"kind":"EnumValue","value":"HALF_OPEN"}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}}]}}]}}]} as unknown as DocumentNode<FleetDashboardQuery, FleetDashboardQueryVariables>;
export const HandlersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Handlers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handlers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"className"}},{"kind":"Field","name":{"kind":"Name","value":"invocations"}},{"kind":"Field","name":{"kind":"Name","value":"completions"}},{"kind":"Field","name":{"kind":"Name","value":"errors"}},{"kind":"Field","name":{"kind":"Name","value":"errorRate"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"lastInvokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"averageDurationMs"}},{"kind":"Field","name":{"kind":"Name","value":"p50DurationMs"}},{"kind":"Field","name":{"kind":"Name","value":"p95DurationMs"}},{"kind":"Field","name":{"kind":"Name","value":"p99DurationMs"}},{"kind":"Field","name":{"kind":"Name","value":"cancelled"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errorsByType"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependencies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"serviceType"}},{"kind":"Field","name":{"kind":"Name","value":"healthy"}},{"kind":"Field","name":{"kind":"Name","value":"providers"}},{"kind":"Field","name":{"kind":"Name","value":"openBreakers"}}]}}]}}]}}]}}]} as unknown as DocumentNode<HandlersQuery, HandlersQueryVariables>;
export const HistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"History"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"metric"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"step"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"aggregates"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"HistoryAggregate"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tags"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TagFilter"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"history"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"metric"},"value":{"kind":"Variable","name":{"kind":"Name","value":"metric"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}},{"kind":"Argument","name":{"kind":"Name","value":"step"},"value":{"kind":"Variable","name":{"kind":"Name","value":"step"}}},{"kind":"Argument","name":{"kind":"Name","value":"aggregates"},"value":{"kind":"Variable","name":{"kind":"Name","value":"aggregates"}}},{"kind":"Argument","name":{"kind":"Name","value":"tags"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tags"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"until"}},{"kind":"Field","name":{"kind":"Name","value":"stepSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"rawPoints"}},{"kind":"Field","name":{"kind":"Name","value":"complete"}},{"kind":"Field","name":{"kind":"Name","value":"problems"}},{"kind":"Field","name":{"kind":"Name","value":"percentileMethod"}},{"kind":"Field","name":{"kind":"Name","value":"aggregatedSince"}},{"kind":"Field","name":{"kind":"Name","value":"aggregatedUntil"}},{"kind":"Field","name":{"kind":"Name","value":"aggregateHours"}},{"kind":"Field","name":{"kind":"Name","value":"rawRetentionCutoff"}},{"kind":"Field","name":{"kind":"Name","value":"buckets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"values"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"aggregate"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"points"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodeId"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}}]}}]}}]}}]}}]} as unknown as DocumentNode<HistoryQuery, HistoryQueryVariables>;
export const IncidentsRecentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IncidentsRecent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"severity"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IncidentSeverity"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IncidentStatus"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"incidents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}},{"kind":"Argument","name":{"kind":"Name","value":"severity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"severity"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"unreachableAgents"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"sourceComponent"}},{"kind":"Field","name":{"kind":"Name","value":"handlerName"}},{"kind":"Field","name":{"kind":"Name","value":"exceptionType"}},{"kind":"Field","name":{"kind":"Name","value":"firstSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"occurrences"}},{"kind":"Field","name":{"kind":"Name","value":"resolvedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resolutionSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"resolutionNotes"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtId"}},{"kind":"Field","name":{"kind":"Name","value":"correlationId"}},{"kind":"Field","name":{"kind":"Name","value":"handler"}}]}}]}}]}}]} as unknown as DocumentNode<IncidentsRecentQuery, IncidentsRecentQueryVariables>;
export const LlmUsageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LlmUsage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"llm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"distributionStrategy"}},{"kind":"Field","name":{"kind":"Name","value":"maxInFlightPerProvider"}},{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalRequests"}},{"kind":"Field","name":{"kind":"Name","value":"failedRequests"}},{"kind":"Field","name":{"kind":"Name","value":"failureRate"}},{"kind":"Field","name":{"kind":"Name","value":"averageLatencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"tokensInput"}},{"kind":"Field","name":{"kind":"Name","value":"tokensOutput"}},{"kind":"Field","name":{"kind":"Name","value":"tokensTotal"}},{"kind":"Field","name":{"kind":"Name","value":"costCents"}},{"kind":"Field","name":{"kind":"Name","value":"providersTotal"}},{"kind":"Field","name":{"kind":"Name","value":"providersAvailable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"totalRequests"}},{"kind":"Field","name":{"kind":"Name","value":"failedRequests"}},{"kind":"Field","name":{"kind":"Name","value":"failureRate"}},{"kind":"Field","name":{"kind":"Name","value":"averageLatencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"tokensInput"}},{"kind":"Field","name":{"kind":"Name","value":"tokensOutput"}},{"kind":"Field","name":{"kind":"Name","value":"tokensTotal"}},{"kind":"Field","name":{"kind":"Name","value":"costCents"}},{"kind":"Field","name":{"kind":"Name","value":"lastRequestAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastFailureAt"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"inFlight"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimited"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitCooldownRemainingSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"circuitBreaker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Breaker"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Breaker"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CircuitBreaker"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"serviceType"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"failureCount"}},{"kind":"Field","name":{"kind":"Name","value":"successCount"}},{"kind":"Field","name":{"kind":"Name","value":"totalCalls"}},{"kind":"Field","name":{"kind":"Name","value":"totalFailures"}},{"kind":"Field","name":{"kind":"Name","value":"totalSuccesses"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"recoveryAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"stateTransitions"}},{"kind":"Field","name":{"kind":"Name","value":"totalTrips"}},{"kind":"Field","name":{"kind":"Name","value":"totalResets"}},{"kind":"Field","name":{"kind":"Name","value":"timeInOpenStateSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"lastFailureAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastOpenAt"}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"failureThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"recoveryTimeoutSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"successThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutDurationSeconds"}}]}}]}}]} as unknown as DocumentNode<LlmUsageQuery, LlmUsageQueryVariables>;
export const QueueStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"QueueStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"depth"}},{"kind":"Field","name":{"kind":"Name","value":"queueSize"}},{"kind":"Field","name":{"kind":"Name","value":"maxSize"}},{"kind":"Field","name":{"kind":"Name","value":"pendingThoughts"}},{"kind":"Field","name":{"kind":"Name","value":"processingThoughts"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtsPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"averageLatencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thoughtId"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtType"}},{"kind":"Field","name":{"kind":"Name","value":"depth"}},{"kind":"Field","name":{"kind":"Name","value":"ageSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<QueueStatusQuery, QueueStatusQueryVariables>;
export const RateLimitsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RateLimits"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"keyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"quotaStatus"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"QuotaRequestStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"quotaRequestLimit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeIdle"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}},"defaultValue":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rateLimits"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"keyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"keyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"quotaStatus"},"value":{"kind":"Variable","name":{"kind":"Name","value":"quotaStatus"}}},{"kind":"Argument","name":{"kind":"Name","value":"quotaRequestLimit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"quotaRequestLimit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"shared"}},{"kind":"Field","name":{"kind":"Name","value":"degraded"}},{"kind":"Field","name":{"kind":"Name","value":"callers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"keyName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"points"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Bucket"}}]}},{"kind":"Field","name":{"kind":"Name","value":"endpoints"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"includeIdle"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeIdle"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Bucket"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"quotaRequests"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"requestedLimit"}},{"kind":"Field","name":{"kind":"Name","value":"periodSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"limitAtRequest"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedBy"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Bucket"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EndpointRateLimit"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"periodSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"burst"}},{"kind":"Field","name":{"kind":"Name","value":"used"}},{"kind":"Field","name":{"kind":"Name","value":"remaining"}},{"kind":"Field","name":{"kind":"Name","value":"resetAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"quotaRequestId"}}]}}]} as unknown as DocumentNode<RateLimitsQuery, RateLimitsQueryVariables>;
export const ServiceHealthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServiceHealth"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceHealth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"overall"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"healthyCount"}},{"kind":"Field","name":{"kind":"Name","value":"unhealthyCount"}},{"kind":"Field","name":{"kind":"Name","value":"recommendations"}},{"kind":"Field","name":{"kind":"Name","value":"services"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"healthy"}},{"kind":"Field","name":{"kind":"Name","value":"circuitBreakerState"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"priorityGroup"}},{"kind":"Field","name":{"kind":"Name","value":"strategy"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callsTotal"}},{"kind":"Field","name":{"kind":"Name","value":"failuresTotal"}},{"kind":"Field","name":{"kind":"Name","value":"successesTotal"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"timeInOpenStateSeconds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"availability"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lastHour"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"upSamples"}},{"kind":"Field","name":{"kind":"Name","value":"samples"}}]}},{"kind":"Field","name":{"kind":"Name","value":"last24Hours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"upSamples"}},{"kind":"Field","name":{"kind":"Name","value":"samples"}}]}},{"kind":"Field","name":{"kind":"Name","value":"last7Days"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"upSamples"}},{"kind":"Field","name":{"kind":"Name","value":"samples"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"availability"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lastHour"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"upSamples"}},{"kind":"Field","name":{"kind":"Name","value":"samples"}}]}},{"kind":"Field","name":{"kind":"Name","value":"last24Hours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"upSamples"}},{"kind":"Field","name":{"kind":"Name","value":"samples"}}]}},{"kind":"Field","name":{"kind":"Name","value":"last7Days"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"upSamples"}},{"kind":"Field","name":{"kind":"Name","value":"samples"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependencyHealth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceType"}},{"kind":"Field","name":{"kind":"Name","value":"bus"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"providerCount"}},{"kind":"Field","name":{"kind":"Name","value":"providersDown"}},{"kind":"Field","name":{"kind":"Name","value":"providersHalfOpen"}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceType"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"breakerSource"}},{"kind":"Field","name":{"kind":"Name","value":"circuitBreakerState"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"handlers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"dependsOn"}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceType"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"breakerSource"}},{"kind":"Field","name":{"kind":"Name","value":"circuitBreakerState"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ServiceHealthQuery, ServiceHealthQueryVariables>;
export const ServiceRegistryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServiceRegistry"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceRegistry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providerCount"}},{"kind":"Field","name":{"kind":"Name","value":"serviceTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceType"}},{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"serviceType"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"priorityValue"}},{"kind":"Field","name":{"kind":"Name","value":"priorityGroup"}},{"kind":"Field","name":{"kind":"Name","value":"strategy"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}},{"kind":"Field","name":{"kind":"Name","value":"metadata"}},{"kind":"Field","name":{"kind":"Name","value":"circuitBreaker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"failureCount"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"totalTrips"}},{"kind":"Field","name":{"kind":"Name","value":"lastFailureAt"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ServiceRegistryQuery, ServiceRegistryQueryVariables>;
export const DailySummaryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DailySummary"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"day"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"metrics"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dailySummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"day"},"value":{"kind":"Variable","name":{"kind":"Name","value":"day"}}},{"kind":"Argument","name":{"kind":"Name","value":"metrics"},"value":{"kind":"Variable","name":{"kind":"Name","value":"metrics"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"until"}},{"kind":"Field","name":{"kind":"Name","value":"aggregated"}},{"kind":"Field","name":{"kind":"Name","value":"anomalyStatistic"}},{"kind":"Field","name":{"kind":"Name","value":"anomalyThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"baselineHours"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"daily"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"sum"}},{"kind":"Field","name":{"kind":"Name","value":"min"}},{"kind":"Field","name":{"kind":"Name","value":"max"}},{"kind":"Field","name":{"kind":"Name","value":"avg"}},{"kind":"Field","name":{"kind":"Name","value":"p50"}},{"kind":"Field","name":{"kind":"Name","value":"p95"}},{"kind":"Field","name":{"kind":"Name","value":"p99"}},{"kind":"Field","name":{"kind":"Name","value":"change"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"avgAbsolute"}},{"kind":"Field","name":{"kind":"Name","value":"avgRelative"}},{"kind":"Field","name":{"kind":"Name","value":"sumAbsolute"}},{"kind":"Field","name":{"kind":"Name","value":"sumRelative"}},{"kind":"Field","name":{"kind":"Name","value":"trend"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"previousDay"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"sum"}},{"kind":"Field","name":{"kind":"Name","value":"avg"}},{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}},{"kind":"Field","name":{"kind":"Name","value":"peakHourBySum"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hour"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"peakHourByP95"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hour"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"anomalies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"hour"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"expected"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"scale"}},{"kind":"Field","name":{"kind":"Name","value":"baselineHours"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"anomalies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"hour"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"expected"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"scale"}},{"kind":"Field","name":{"kind":"Name","value":"baselineHours"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DailySummaryQuery, DailySummaryQueryVariables>;
export const SystemSnapshotDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SystemSnapshot"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"recentDecisions"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"snapshot"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"recentDecisions"},"value":{"kind":"Variable","name":{"kind":"Name","value":"recentDecisions"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"codename"}},{"kind":"Field","name":{"kind":"Name","value":"uptimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"processorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"cognitiveState"}},{"kind":"Field","name":{"kind":"Name","value":"identity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"codename"}},{"kind":"Field","name":{"kind":"Name","value":"codeHash"}}]}},{"kind":"Field","name":{"kind":"Name","value":"goals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"scheduleCron"}},{"kind":"Field","name":{"kind":"Name","value":"deferUntil"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"resources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"memoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"memoryPercent"}},{"kind":"Field","name":{"kind":"Name","value":"cpuPercent"}},{"kind":"Field","name":{"kind":"Name","value":"cpuAverage1mPercent"}},{"kind":"Field","name":{"kind":"Name","value":"diskUsedMb"}},{"kind":"Field","name":{"kind":"Name","value":"diskFreeMb"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtsActive"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtsQueued"}},{"kind":"Field","name":{"kind":"Name","value":"healthy"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"critical"}},{"kind":"Field","name":{"kind":"Name","value":"limits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resource"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"warning"}},{"kind":"Field","name":{"kind":"Name","value":"critical"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"activeTask"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"activeChannels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"channelId"}},{"kind":"Field","name":{"kind":"Name","value":"activeTasks"}},{"kind":"Field","name":{"kind":"Name","value":"pendingTasks"}},{"kind":"Field","name":{"kind":"Name","value":"lastActivityAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recentDecisions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"handler"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finalAction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"reasoning"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"decisions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thoughtId"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"channelId"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"thoughtCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"processing"}},{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"deferred"}}]}},{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"overall"}},{"kind":"Field","name":{"kind":"Name","value":"healthyServices"}},{"kind":"Field","name":{"kind":"Name","value":"unhealthyServices"}},{"kind":"Field","name":{"kind":"Name","value":"openCircuitBreakers"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastHour"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tokens"}},{"kind":"Field","name":{"kind":"Name","value":"costCents"}},{"kind":"Field","name":{"kind":"Name","value":"errorGroups"}},{"kind":"Field","name":{"kind":"Name","value":"incidents"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SystemSnapshotQuery, SystemSnapshotQueryVariables>;
export const ThoughtsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Thoughts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ThoughtStatus"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"type"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ThoughtType"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeContent"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}},"defaultValue":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thoughts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"type"},"value":{"kind":"Variable","name":{"kind":"Name","value":"type"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"depth"}},{"kind":"Field","name":{"kind":"Name","value":"round"}},{"kind":"Field","name":{"kind":"Name","value":"channelId"}},{"kind":"Field","name":{"kind":"Name","value":"parentThoughtId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"ageSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"handler"}},{"kind":"Field","name":{"kind":"Name","value":"finalAction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"reasoning"}},{"kind":"Field","name":{"kind":"Name","value":"params"}}]}},{"kind":"Field","name":{"kind":"Name","value":"content"},"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeContent"}}}]}]},{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ThoughtsQuery, ThoughtsQueryVariables>;
export const TraceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Trace"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trace"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"agentIds"}},{"kind":"Field","name":{"kind":"Name","value":"problems"}},{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RequestSpan"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"queryParameters"}},{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"operationName"}},{"kind":"Field","name":{"kind":"Name","value":"statusCode"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"spanId"}},{"kind":"Field","name":{"kind":"Name","value":"parentSpanId"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GatewayAuditEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entryId"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}},{"kind":"Field","name":{"kind":"Name","value":"spanId"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CorrelationSpan"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"correlationId"}},{"kind":"Field","name":{"kind":"Name","value":"serviceType"}},{"kind":"Field","name":{"kind":"Name","value":"handler"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"correlationType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"executionTimeMs"}},{"kind":"Field","name":{"kind":"Name","value":"spanId"}},{"kind":"Field","name":{"kind":"Name","value":"parentSpanId"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtId"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"success"}},{"kind":"Field","name":{"kind":"Name","value":"errorType"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentAuditEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entryId"}},{"kind":"Field","name":{"kind":"Name","value":"actionType"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtId"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"handler"}},{"kind":"Field","name":{"kind":"Name","value":"executionTimeMs"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ErrorEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fingerprint"}},{"kind":"Field","name":{"kind":"Name","value":"typeName"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"logger"}},{"kind":"Field","name":{"kind":"Name","value":"occurrences"}},{"kind":"Field","name":{"kind":"Name","value":"firstSeen"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LogEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"service"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TraceQuery, TraceQueryVariables>;
export const TsdbStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TsdbStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tsdbStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"aggregationEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"pointsRead"}},{"kind":"Field","name":{"kind":"Name","value":"pointsConsolidated"}},{"kind":"Field","name":{"kind":"Name","value":"hourlyAggregates"}},{"kind":"Field","name":{"kind":"Name","value":"dailyAggregates"}},{"kind":"Field","name":{"kind":"Name","value":"compressionRatio"}},{"kind":"Field","name":{"kind":"Name","value":"bytesPerAggregate"}},{"kind":"Field","name":{"kind":"Name","value":"storageSavedBytes"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunFailure"}},{"kind":"Field","name":{"kind":"Name","value":"agentConsolidation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lastConsolidationAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastExtensiveAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastProfoundAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TsdbStatusQuery, TsdbStatusQueryVariables>;
export const AgentEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"AgentEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kinds"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AgentEventKind"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}},{"kind":"Argument","name":{"kind":"Name","value":"kinds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kinds"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EventHeader"}},{"kind":"Field","name":{"kind":"Name","value":"payload"}},{"kind":"Field","name":{"kind":"Name","value":"breaker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BreakerChangeFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cognitiveState"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fromState"}},{"kind":"Field","name":{"kind":"Name","value":"toState"}}]}},{"kind":"Field","name":{"kind":"Name","value":"llmCall"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LlmCallFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RecordedErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EventHeader"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"gap"}},{"kind":"Field","name":{"kind":"Name","value":"dropped"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BreakerChangeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BreakerChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fromState"}},{"kind":"Field","name":{"kind":"Name","value":"toState"}},{"kind":"Field","name":{"kind":"Name","value":"failureCount"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LlmCallFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LLMCall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thoughtId"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"handlerName"}},{"kind":"Field","name":{"kind":"Name","value":"serviceName"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"responseModel"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}},{"kind":"Field","name":{"kind":"Name","value":"totalTokens"}},{"kind":"Field","name":{"kind":"Name","value":"costCents"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"errorClass"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"retryCount"}},{"kind":"Field","name":{"kind":"Name","value":"promptHash"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RecordedErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RecordedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"errorClass"}},{"kind":"Field","name":{"kind":"Name","value":"handler"}},{"kind":"Field","name":{"kind":"Name","value":"serviceName"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtId"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprint"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"logger"}},{"kind":"Field","name":{"kind":"Name","value":"occurrences"}},{"kind":"Field","name":{"kind":"Name","value":"traceId"}}]}}]} as unknown as DocumentNode<AgentEventsSubscription, AgentEventsSubscriptionVariables>;
export const CircuitBreakerChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CircuitBreakerChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"circuitBreakerChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EventHeader"}},{"kind":"Field","name":{"kind":"Name","value":"breaker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BreakerChangeFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EventHeader"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"gap"}},{"kind":"Field","name":{"kind":"Name","value":"dropped"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BreakerChangeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BreakerChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fromState"}},{"kind":"Field","name":{"kind":"Name","value":"toState"}},{"kind":"Field","name":{"kind":"Name","value":"failureCount"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}}]}}]} as unknown as DocumentNode<CircuitBreakerChangedSubscription, CircuitBreakerChangedSubscriptionVariables>;
export const CognitiveStateChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CognitiveStateChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cognitiveStateChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EventHeader"}},{"kind":"Field","name":{"kind":"Name","value":"cognitiveState"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fromState"}},{"kind":"Field","name":{"kind":"Name","value":"toState"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EventHeader"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"gap"}},{"kind":"Field","name":{"kind":"Name","value":"dropped"}}]}}]} as unknown as DocumentNode<CognitiveStateChangedSubscription, CognitiveStateChangedSubscriptionVariables>;
export const ErrorRecordedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ErrorRecorded"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"errorRecorded"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EventHeader"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RecordedErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EventHeader"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"gap"}},{"kind":"Field","name":{"kind":"Name","value":"dropped"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RecordedErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RecordedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"errorClass"}},{"kind":"Field","name":{"kind":"Name","value":"handler"}},{"kind":"Field","name":{"kind":"Name","value":"serviceName"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtId"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprint"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"logger"}},{"kind":"Field","name":{"kind":"Name","value":"occurrences"}},{"kind":"Field","name":{"kind":"Name","value":"traceId"}}]}}]} as unknown as DocumentNode<ErrorRecordedSubscription, ErrorRecordedSubscriptionVariables>;
export const HealthChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"HealthChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"healthChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EventHeader"}},{"kind":"Field","name":{"kind":"Name","value":"payload"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EventHeader"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"gap"}},{"kind":"Field","name":{"kind":"Name","value":"dropped"}}]}}]} as unknown as DocumentNode<HealthChangedSubscription, HealthChangedSubscriptionVariables>;
export const IncidentOpenedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"IncidentOpened"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"incidentOpened"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EventHeader"}},{"kind":"Field","name":{"kind":"Name","value":"payload"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EventHeader"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"gap"}},{"kind":"Field","name":{"kind":"Name","value":"dropped"}}]}}]} as unknown as DocumentNode<IncidentOpenedSubscription, IncidentOpenedSubscriptionVariables>;
export const LlmCallDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LlmCall"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"llmCall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EventHeader"}},{"kind":"Field","name":{"kind":"Name","value":"llmCall"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LlmCallFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EventHeader"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"gap"}},{"kind":"Field","name":{"kind":"Name","value":"dropped"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LlmCallFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LLMCall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thoughtId"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"handlerName"}},{"kind":"Field","name":{"kind":"Name","value":"serviceName"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"responseModel"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}},{"kind":"Field","name":{"kind":"Name","value":"totalTokens"}},{"kind":"Field","name":{"kind":"Name","value":"costCents"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"errorClass"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"retryCount"}},{"kind":"Field","name":{"kind":"Name","value":"promptHash"}}]}}]} as unknown as DocumentNode<LlmCallSubscription, LlmCallSubscriptionVariables>;
export const MetricSamplesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"MetricSamples"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"names"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"intervalSeconds"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}},"defaultValue":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}},{"kind":"Argument","name":{"kind":"Name","value":"names"},"value":{"kind":"Variable","name":{"kind":"Name","value":"names"}}},{"kind":"Argument","name":{"kind":"Name","value":"intervalSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"intervalSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"dropped"}},{"kind":"Field","name":{"kind":"Name","value":"problems"}},{"kind":"Field","name":{"kind":"Name","value":"values"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}}]}},{"kind":"Field","name":{"kind":"Name","value":"missing"}}]}}]}}]} as unknown as DocumentNode<MetricSamplesSubscription, MetricSamplesSubscriptionVariables>;
export const QueueSamplesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"QueueSamples"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"intervalSeconds"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}},"defaultValue":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}},{"kind":"Argument","name":{"kind":"Name","value":"intervalSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"intervalSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"dropped"}},{"kind":"Field","name":{"kind":"Name","value":"problems"}},{"kind":"Field","name":{"kind":"Name","value":"queueSize"}},{"kind":"Field","name":{"kind":"Name","value":"depth"}},{"kind":"Field","name":{"kind":"Name","value":"maxSize"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtsPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"averageLatencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"pendingThoughts"}},{"kind":"Field","name":{"kind":"Name","value":"processingThoughts"}}]}}]}}]} as unknown as DocumentNode<QueueSamplesSubscription, QueueSamplesSubscriptionVariables>;
export const SystemSummarySamplesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"SystemSummarySamples"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"intervalSeconds"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}},"defaultValue":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"systemSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}},{"kind":"Argument","name":{"kind":"Name","value":"intervalSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"intervalSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"dropped"}},{"kind":"Field","name":{"kind":"Name","value":"problems"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"cognitiveState"}},{"kind":"Field","name":{"kind":"Name","value":"uptimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"warningCodes"}},{"kind":"Field","name":{"kind":"Name","value":"queueSize"}},{"kind":"Field","name":{"kind":"Name","value":"thoughtsPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"llmRequests"}},{"kind":"Field","name":{"kind":"Name","value":"llmFailedRequests"}},{"kind":"Field","name":{"kind":"Name","value":"llmTokens"}},{"kind":"Field","name":{"kind":"Name","value":"llmCostCents"}},{"kind":"Field","name":{"kind":"Name","value":"openCircuitBreakers"}},{"kind":"Field","name":{"kind":"Name","value":"costLastHourCents"}},{"kind":"Field","name":{"kind":"Name","value":"tokensLastHour"}},{"kind":"Field","name":{"kind":"Name","value":"incidentsLastHour"}}]}}]}}]} as unknown as DocumentNode<SystemSummarySamplesSubscription, SystemSummarySamplesSubscriptionVariables>;
export const ThoughtUpdatedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ThoughtUpdated"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agent"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thoughtUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agent"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EventHeader"}},{"kind":"Field","name":{"kind":"Name","value":"payload"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EventHeader"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"gap"}},{"kind":"Field","name":{"kind":"Name","value":"dropped"}}]}}]} as unknown as DocumentNode<ThoughtUpdatedSubscription, ThoughtUpdatedSubscriptionVariables>;