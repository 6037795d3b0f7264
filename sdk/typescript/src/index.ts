/**
 * Types and typed documents for the ciris-telemetry-gateway GraphQL API (generated from
 * `schema.graphql` and `sdk/operations` into `./generated.ts`), and a small typed `request()`.
 *
 * Every operation `Foo` has `FooDocument` (a `TypedDocumentNode`), `FooQuery` / `FooMutation` /
 * `FooSubscription` (its result) and `Foo…Variables`; `request` infers both from the document:
 *
 * ```ts
 * import { FleetDashboardDocument, request, type FleetDashboardQuery } from "@ciris/telemetry-types";
 *
 * const data = await request(FleetDashboardDocument, { incidents: 5 }, { baseUrl, token });
 * data satisfies FleetDashboardQuery;
 * const cost: number = data.fleet.totals.costLastHourCents;
 * // @ts-expect-error `incidents` is an Int
 * await request(FleetDashboardDocument, { incidents: "5" }, { baseUrl, token });
 * ```
 */

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";

export * from "./generated.js";
export type { TypedDocumentNode };

export interface RequestOptions {
  /** The gateway's base URL, e.g. `https://telemetry.example.org`; `/graphql` is appended. */
  baseUrl: string;
  /** An API key (or `service:<token>`), sent as `Authorization: Bearer <token>`. */
  token: string;
  signal?: AbortSignal;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

/** One error of a response: the GraphQL error's message, `extensions.code` and `path`. */
export interface GatewayErrorEntry {
  message: string;
  code: string | null;
  path: ReadonlyArray<string | number> | null;
}

/**
 * The response carried `errors`, or HTTP was not 2xx. `data` is what the response held besides
 * (partial data: the fields that did resolve), else null.
 */
export class GatewayError extends Error {
  override readonly name = "GatewayError";
  readonly status: number;
  readonly errors: readonly GatewayErrorEntry[];
  readonly data: unknown;

  constructor(status: number, errors: readonly GatewayErrorEntry[], data: unknown = null) {
    super(errors.map((e) => (e.code === null ? e.message : `${e.code}: ${e.message}`)).join("; "));
    this.status = status;
    this.errors = errors;
    this.data = data;
  }

  /** Each error's `extensions.code`, in order (null where an error has none). */
  get codes(): (string | null)[] {
    return this.errors.map((e) => e.code);
  }
}

/** POST `document` with `variables` to `<baseUrl>/graphql`; resolve to its typed `data`. */
export async function request<TData, TVariables extends Record<string, unknown>>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  options: RequestOptions,
): Promise<TData> {
  const doFetch = options.fetch ?? fetch;
  const response = await doFetch(`${options.baseUrl.replace(/\/+$/, "")}/graphql`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/graphql-response+json, application/json",
      Authorization: `Bearer ${options.token}`,
    },
    body: JSON.stringify({ query: print(document), variables }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const text = await response.text();
  const body = parseObject(text);
  const rawErrors = body?.["errors"];
  const errors: GatewayErrorEntry[] = Array.isArray(rawErrors) ? rawErrors.map(toEntry) : [];
  if (!response.ok && errors.length === 0) {
    // The gateway's own error shape: {"detail": ..., "code": ...}.
    const detail = body?.["detail"];
    const code = body?.["code"];
    errors.push({
      message: typeof detail === "string" ? detail : text.slice(0, 200) || response.statusText,
      code: typeof code === "string" ? code : `HTTP_${response.status}`,
      path: null,
    });
  }
  const data = body?.["data"] ?? null;
  if (errors.length > 0) throw new GatewayError(response.status, errors, data);
  if (data === null) {
    throw new GatewayError(response.status, [{ message: "No data in the response.", code: null, path: null }]);
  }
  return data as TData;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

function toEntry(error: unknown): GatewayErrorEntry {
  const e = isObject(error) ? error : {};
  const code = isObject(e["extensions"]) ? e["extensions"]["code"] : undefined;
  return {
    message: typeof e["message"] === "string" ? e["message"] : String(error),
    code: typeof code === "string" ? code : null,
    path: Array.isArray(e["path"]) ? (e["path"] as (string | number)[]) : null,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
