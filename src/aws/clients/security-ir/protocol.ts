/**
 * The restJson1 wire format of the three Security Incident Response operations sra-kit uses: how a command's
 * input becomes an HTTP request and how the answer (or an error) becomes its output.
 *
 * - `ListMemberships`: `POST /v1/memberships`, JSON body `{ maxResults, nextToken }`.
 * - `GetMembership`: `GET /v1/membership/{membershipId}`, no body.
 * - `BatchGetMemberAccountDetails`: `POST /v1/membership/{membershipId}/batch-member-details`, JSON body
 *   `{ accountIds }`.
 *
 * Errors follow the AWS restJson1 protocol: the error code comes from the `x-amzn-ErrorType` header (or the
 * body's `__type` / `code`), trimmed of any `:suffix` and `namespace#` prefix; the message from the body's
 * `message`. Timestamps in bodies are epoch seconds, the protocol's default.
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
 */
import { HttpRequest, type HttpResponse } from '@smithy/protocol-http';
import { collectBody, decorateServiceException, extendedEncodeURIComponent } from '@smithy/smithy-client';
import type { ResponseMetadata, SerdeContext } from '@smithy/types';
import {
  SECURITY_IR_ERRORS,
  SecurityIRServiceException,
  type BatchGetMemberAccountDetailsCommandInput,
  type BatchGetMemberAccountDetailsCommandOutput,
  type GetMembershipCommandInput,
  type GetMembershipCommandOutput,
  type GetMembershipResponse,
  type ListMembershipsCommandInput,
  type ListMembershipsCommandOutput,
} from './models.js';

/** Builds the HTTP request of an operation from its input. */
export type Serializer<I> = (input: I, context: SerdeContext) => Promise<HttpRequest>;
/** Builds an operation's output from the HTTP response, or throws the modeled error. */
export type Deserializer<O> = (response: HttpResponse, context: SerdeContext) => Promise<O>;

/** The value of an HTTP label, percent-encoded; a missing label is a usage error, as in the SDK. */
function label(value: string | undefined, name: string): string {
  if (value === undefined || value === '')
    throw new Error(`No value provided for input HTTP label: ${name}.`);
  return extendedEncodeURIComponent(value);
}

async function request(
  context: SerdeContext,
  method: 'GET' | 'POST',
  path: string,
  body?: Record<string, unknown>,
): Promise<HttpRequest> {
  const endpoint = await context.endpoint();
  const base = endpoint.path.endsWith('/') ? endpoint.path.slice(0, -1) : endpoint.path;
  const json = body === undefined ? undefined : JSON.stringify(dropUndefined(body));
  return new HttpRequest({
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    ...(endpoint.port !== undefined ? { port: endpoint.port } : {}),
    method,
    path: `${base}${path}`,
    headers: json === undefined ? {} : { 'content-type': 'application/json' },
    ...(json === undefined ? {} : { body: json }),
  });
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function header(response: HttpResponse, name: string): string | undefined {
  for (const [k, v] of Object.entries(response.headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** Response metadata, as every SDK output and error carries it. */
function metadata(response: HttpResponse): ResponseMetadata {
  const requestId = header(response, 'x-amzn-requestid') ?? header(response, 'x-amz-request-id');
  const extendedRequestId = header(response, 'x-amz-id-2');
  const cfId = header(response, 'x-amz-cf-id');
  return {
    httpStatusCode: response.statusCode,
    ...(requestId !== undefined ? { requestId } : {}),
    ...(extendedRequestId !== undefined ? { extendedRequestId } : {}),
    ...(cfId !== undefined ? { cfId } : {}),
  };
}

async function readJson(response: HttpResponse, context: SerdeContext): Promise<Record<string, unknown>> {
  const bytes = await collectBody(response.body, context);
  const text = context.utf8Encoder(bytes);
  if (text.trim() === '') return {};
  const parsed: unknown = JSON.parse(text);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

/** `Foo`, from `aws.protocoltests#Foo:http://…` or `Foo:extra`. */
export function errorCode(raw: string): string {
  let code = raw;
  const colon = code.indexOf(':');
  if (colon >= 0) code = code.slice(0, colon);
  const hash = code.indexOf('#');
  if (hash >= 0) code = code.slice(hash + 1);
  return code;
}

/** Throws the modeled error of an error response (a generic service exception for unknown codes). */
async function throwError(response: HttpResponse, context: SerdeContext): Promise<never> {
  let body: Record<string, unknown> = {};
  try {
    body = await readJson(response, context);
  } catch {
    body = {};
  }
  const raw =
    header(response, 'x-amzn-errortype') ??
    (typeof body.__type === 'string' ? body.__type : undefined) ??
    (typeof body.code === 'string' ? body.code : undefined) ??
    (typeof body.Code === 'string' ? body.Code : undefined);
  const code = raw ? errorCode(raw) : undefined;
  const message =
    (typeof body.message === 'string' ? body.message : undefined) ??
    (typeof body.Message === 'string' ? body.Message : undefined);
  const $metadata = metadata(response);
  const fields: Record<string, unknown> = { ...body };
  delete fields.__type;
  delete fields.message;
  delete fields.Message;
  const retryAfter = Number(header(response, 'retry-after'));
  if (Number.isInteger(retryAfter) && fields.retryAfterSeconds === undefined) {
    fields.retryAfterSeconds = retryAfter;
  }
  const Modeled = code ? SECURITY_IR_ERRORS[code] : undefined;
  const error = Modeled
    ? new Modeled({ ...fields, $metadata, ...(message !== undefined ? { message } : {}) })
    : decorateServiceException(
        new SecurityIRServiceException({
          name: code ?? String(response.statusCode),
          $fault: response.statusCode >= 500 ? 'server' : 'client',
          $metadata,
          ...(message !== undefined ? { message } : {}),
        }),
        fields,
      );
  throw error;
}

/** A date from an epoch-seconds number (the protocol's default) or an ISO string. */
function date(value: unknown): Date | undefined {
  if (typeof value === 'number') return new Date(Math.round(value * 1000));
  if (typeof value === 'string' && value !== '') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

async function success<O>(
  response: HttpResponse,
  context: SerdeContext,
  shape: (body: Record<string, unknown>) => object,
): Promise<O> {
  if (response.statusCode >= 300) return throwError(response, context);
  const body = await readJson(response, context);
  return { $metadata: metadata(response), ...shape(body) } as O;
}

/** `ListMemberships`: `POST /v1/memberships`. */
export const serializeListMemberships: Serializer<ListMembershipsCommandInput> = (input, context) =>
  request(context, 'POST', '/v1/memberships', {
    maxResults: input.maxResults,
    nextToken: input.nextToken,
  });

/** Output of `ListMemberships`. */
export const deserializeListMemberships: Deserializer<ListMembershipsCommandOutput> = (response, context) =>
  success(response, context, (b) => ({
    ...(Array.isArray(b.items) ? { items: b.items } : {}),
    ...(typeof b.nextToken === 'string' ? { nextToken: b.nextToken } : {}),
  }));

/** `GetMembership`: `GET /v1/membership/{membershipId}`. */
export const serializeGetMembership: Serializer<GetMembershipCommandInput> = (input, context) =>
  request(context, 'GET', `/v1/membership/${label(input.membershipId, 'membershipId')}`);

/** Output of `GetMembership`, timestamps as Dates. */
export const deserializeGetMembership: Deserializer<GetMembershipCommandOutput> = (response, context) =>
  success(response, context, (b) => {
    const out: Record<string, unknown> = { ...b };
    for (const k of ['membershipActivationTimestamp', 'membershipDeactivationTimestamp'] as const) {
      const d = date(b[k]);
      if (d) out[k] = d;
      else delete out[k];
    }
    return out as Partial<GetMembershipResponse>;
  });

/** `BatchGetMemberAccountDetails`: `POST /v1/membership/{membershipId}/batch-member-details`. */
export const serializeBatchGetMemberAccountDetails: Serializer<BatchGetMemberAccountDetailsCommandInput> = (
  input,
  context,
) =>
  request(
    context,
    'POST',
    `/v1/membership/${label(input.membershipId, 'membershipId')}/batch-member-details`,
    { accountIds: input.accountIds },
  );

/** Output of `BatchGetMemberAccountDetails`. */
export const deserializeBatchGetMemberAccountDetails: Deserializer<
  BatchGetMemberAccountDetailsCommandOutput
> = (response, context) =>
  success(response, context, (b) => ({
    ...(Array.isArray(b.items) ? { items: b.items } : {}),
    ...(Array.isArray(b.errors) ? { errors: b.errors } : {}),
  }));
