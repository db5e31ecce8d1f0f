/**
 * The plug between an AWS SDK v3 client and the sandbox. The middleware sits in the
 * `finalizeRequest` step right after `httpSigningMiddleware`, so everything the real SDK does
 * before a request leaves (endpoint resolution incl. AWS_ENDPOINT_URL*, credential resolution,
 * assume-role, SigV4 signing, and the retry strategy wrapped around it) really runs. Instead of
 * sending the request it hands the command's input to the sandbox and returns the sandbox's output,
 * so serialisation and the HTTP handler are the only parts skipped.
 * https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/middleware.html
 */
import type {
  FinalizeHandler,
  FinalizeHandlerArguments,
  FinalizeHandlerOutput,
  HandlerExecutionContext,
  MetadataBearer,
  MiddlewareStack,
} from '@smithy/types';
import type { Sandbox } from './sandbox.js';
import { requestId } from './errors.js';

const MIDDLEWARE_NAME = 'sraKitSandboxMiddleware';

interface SignedRequest {
  hostname?: string;
  headers?: Record<string, string>;
}

/** Access key id and Region from a SigV4 `Authorization` header. */
export function parseSigV4(header: string | undefined): { accessKeyId: string; region: string } | undefined {
  if (!header) return undefined;
  const m = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(header);
  if (!m) return undefined;
  return { accessKeyId: m[1]!, region: m[2]! };
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** The part of an SDK v3 client the sandbox needs: its middleware stack and resolved config. */
export interface SdkClientLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  middlewareStack: MiddlewareStack<any, any>;
  config: object;
}

/** Installs the sandbox middleware on a client (idempotent). */
export function attachSandbox(client: SdkClientLike, sandbox: Sandbox): void {
  const stack = client.middlewareStack as MiddlewareStack<object, MetadataBearer>;
  stack.remove(MIDDLEWARE_NAME);
  const clientConfig = client.config as { region?: string | (() => Promise<string>) };
  stack.addRelativeTo(
    (_next: FinalizeHandler<object, MetadataBearer>, context: HandlerExecutionContext) =>
      async (args: FinalizeHandlerArguments<object>): Promise<FinalizeHandlerOutput<MetadataBearer>> => {
        const request = args.request as SignedRequest;
        const auth = parseSigV4(headerValue(request.headers, 'authorization'));
        const configuredRegion =
          typeof clientConfig.region === 'function' ? await clientConfig.region() : clientConfig.region;
        const output = await sandbox.handle({
          clientName: context.clientName ?? 'UnknownClient',
          commandName: context.commandName ?? 'UnknownCommand',
          input: args.input,
          accessKeyId: auth?.accessKeyId,
          region: auth?.region ?? configuredRegion ?? 'us-east-1',
          hostname: request.hostname ?? '',
        });
        const $metadata = { httpStatusCode: 200, requestId: requestId(), attempts: 1, totalRetryDelay: 0 };
        return {
          output: { ...output, $metadata } as MetadataBearer,
          response: { statusCode: 200, headers: {}, body: undefined },
        };
      },
    {
      name: MIDDLEWARE_NAME,
      relation: 'after',
      toMiddleware: 'httpSigningMiddleware',
      override: true,
    },
  );
}
