/**
 * `SecurityIRClient`: a client of the AWS Security Incident Response API assembled from the same AWS SDK v3
 * building blocks the generated clients use — the Smithy client and middleware stack, the SDK's region, retry,
 * user-agent, host-header, logger and recursion-detection plugins, SigV4 signing through the HTTP auth scheme
 * plugins, the endpoint middleware and the Node HTTP handler. Only the configuration a generated client takes
 * and sra-kit uses is supported: `region`, `credentials`, `endpoint`, `maxAttempts`, `retryMode`,
 * `retryStrategy`, `requestHandler`, `profile`, `logger`, `useFipsEndpoint`, `customUserAgent`.
 *
 * Endpoints: `https://security-ir.{region}.{dual-stack DNS suffix}` (`security-ir.us-east-1.api.aws` in the
 * `aws` partition; the service has only dual-stack endpoints), `security-ir-fips.…` with `useFipsEndpoint`.
 * A configured `endpoint` wins; without one, the SDK's service-specific endpoint lookup applies
 * (`AWS_ENDPOINT_URL_SECURITY_IR`, then `AWS_ENDPOINT_URL`, then the profile's `endpoint_url`), because the
 * client's `serviceId` is the service model's, `Security IR`.
 * - https://docs.aws.amazon.com/general/latest/gr/securityir.html (endpoints)
 * - https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html (serviceId → variable name:
 *   spaces become underscores, upper case)
 *
 * Signing: SigV4 with signing name `security-ir` (the IAM action prefix too).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecurityincidentresponse.html
 */
import {
  createDefaultUserAgentProvider,
  getHostHeaderPlugin,
  getLoggerPlugin,
  getRecursionDetectionPlugin,
  getUserAgentPlugin,
  partition,
  resolveHostHeaderConfig,
  resolveUserAgentConfig,
} from '@aws-sdk/core/client';
import { AwsSdkSigV4Signer, resolveAwsSdkSigV4Config } from '@aws-sdk/core/httpAuthSchemes';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import {
  DefaultIdentityProviderConfig,
  getHttpAuthSchemeEndpointRuleSetPlugin,
  getHttpSigningPlugin,
} from '@smithy/core';
import { Sha256 } from '@smithy/core/checksum';
import { getSmithyContext, normalizeProvider } from '@smithy/core/client';
import {
  loadConfig,
  NODE_REGION_CONFIG_FILE_OPTIONS,
  NODE_REGION_CONFIG_OPTIONS,
  NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS,
  resolveRegionConfig,
} from '@smithy/core/config';
import { EndpointError, resolveEndpointConfig } from '@smithy/core/endpoints';
import { getContentLengthPlugin, parseUrl } from '@smithy/core/protocols';
import {
  DEFAULT_RETRY_MODE,
  getRetryPlugin,
  NODE_MAX_ATTEMPT_CONFIG_OPTIONS,
  NODE_RETRY_MODE_CONFIG_OPTIONS,
  resolveRetryConfig,
} from '@smithy/core/retry';
import { calculateBodyLength, fromBase64, fromUtf8, toBase64, toUtf8 } from '@smithy/core/serde';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';
import { Client, NoOpLogger } from '@smithy/smithy-client';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  Endpoint,
  EndpointParameters,
  EndpointV2,
  HandlerExecutionContext,
  HttpAuthOption,
  HttpAuthScheme,
  HttpHandlerOptions,
  IdentityProviderConfig,
  Logger,
  MetadataBearer,
  NodeHttpHandlerOptions,
  Provider,
  RequestHandler,
  RetryStrategy,
  RetryStrategyV2,
  UserAgent,
} from '@smithy/types';
import { VERSION } from '../../../version.js';
import type {
  BatchGetMemberAccountDetailsCommandInput,
  BatchGetMemberAccountDetailsCommandOutput,
  GetMembershipCommandInput,
  GetMembershipCommandOutput,
  ListMembershipsCommandInput,
  ListMembershipsCommandOutput,
} from './models.js';

/** The service model's `serviceId`; the SDK derives `AWS_ENDPOINT_URL_SECURITY_IR` from it. */
export const SECURITY_IR_SERVICE_ID = 'Security IR';
/** SigV4 signing name and IAM action prefix. */
export const SECURITY_IR_SIGNING_NAME = 'security-ir';
/** API version of the service model. */
export const SECURITY_IR_API_VERSION = '2018-05-10';

/** Every command input the client accepts. */
export type ServiceInputTypes =
  ListMembershipsCommandInput | GetMembershipCommandInput | BatchGetMemberAccountDetailsCommandInput;
/** Every command output the client returns. */
export type ServiceOutputTypes =
  ListMembershipsCommandOutput | GetMembershipCommandOutput | BatchGetMemberAccountDetailsCommandOutput;

/** Configuration of {@link SecurityIRClient}; every field is optional, as for a generated client. */
export interface SecurityIRClientConfig {
  /** Region to call. @default `AWS_REGION`, else the profile's `region` */
  region?: string | Provider<string>;
  /** Credentials or a provider of them. @default the SDK's default Node.js credential chain */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * Endpoint to send every request to, e.g. `http://localhost:4566`. @default the Regional endpoint, or
   * `AWS_ENDPOINT_URL_SECURITY_IR` / `AWS_ENDPOINT_URL` / the profile's `endpoint_url` when set
   */
  endpoint?: string | Endpoint | Provider<Endpoint> | EndpointV2 | Provider<EndpointV2>;
  /** Use the FIPS endpoint. @default `AWS_USE_FIPS_ENDPOINT`, else false */
  useFipsEndpoint?: boolean | Provider<boolean>;
  /** Ignore endpoints configured in the environment or profile. @default `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` */
  ignoreConfiguredEndpointUrls?: boolean;
  /** Attempts per call, the first included. @default `AWS_MAX_ATTEMPTS`, else 3 */
  maxAttempts?: number | Provider<number>;
  /** `standard` or `adaptive`. @default `AWS_RETRY_MODE`, else `standard` */
  retryMode?: string | Provider<string>;
  /** A retry strategy; replaces `maxAttempts` and `retryMode`. */
  retryStrategy?: RetryStrategy | RetryStrategyV2;
  /** The HTTP handler, or options of the Node HTTP handler (timeouts, agent). */
  requestHandler?: RequestHandler<unknown, unknown, HttpHandlerOptions> | NodeHttpHandlerOptions;
  /** Named profile of the shared config files. */
  profile?: string;
  /** Logger. @default no logging */
  logger?: Logger;
  /** Extra user-agent pairs. */
  customUserAgent?: string | UserAgent;
  /** Application id for the user agent. */
  userAgentAppId?: string | Provider<string | undefined>;
}

/** Endpoint parameters of the service's endpoint rules. */
export interface SecurityIREndpointParameters extends EndpointParameters {
  /** Region of the call. */
  Region?: string | undefined;
  /** Use the FIPS endpoint. */
  UseFIPS?: boolean | undefined;
  /** A custom endpoint URL. */
  Endpoint?: string | undefined;
}

/** Where each endpoint parameter comes from in the client config. */
export const SECURITY_IR_ENDPOINT_PARAMETERS = {
  UseFIPS: { type: 'builtInParams', name: 'useFipsEndpoint' },
  Endpoint: { type: 'builtInParams', name: 'endpoint' },
  Region: { type: 'builtInParams', name: 'region' },
} as const;

/**
 * The endpoint of a call: the custom endpoint when one is configured (FIPS cannot be combined with it),
 * otherwise the dual-stack Regional endpoint of the Region's partition.
 */
export function resolveSecurityIREndpoint(params: SecurityIREndpointParameters): EndpointV2 {
  if (params.Endpoint) {
    if (params.UseFIPS) {
      throw new EndpointError('Invalid configuration: a custom endpoint cannot be used with FIPS');
    }
    return { url: new URL(params.Endpoint) };
  }
  if (!params.Region) throw new EndpointError('Invalid configuration: no Region');
  const p = partition(params.Region);
  if (params.UseFIPS && !p.supportsFIPS) {
    throw new EndpointError(`Invalid configuration: partition ${p.name} has no FIPS endpoints`);
  }
  const host = params.UseFIPS ? 'security-ir-fips' : 'security-ir';
  return { url: new URL(`https://${host}.${params.Region}.${p.dualStackDnsSuffix}`) };
}

/** Parameters the auth scheme is chosen from. */
interface AuthParameters {
  operation: string;
  region?: string;
}

/** Every operation signs with SigV4 as `security-ir` in the client's Region. */
function authSchemeProvider(params: AuthParameters): HttpAuthOption[] {
  return [
    {
      schemeId: 'aws.auth#sigv4',
      signingProperties: { name: SECURITY_IR_SIGNING_NAME, region: params.region },
      propertiesExtractor: (config: object, context: HandlerExecutionContext) => ({
        signingProperties: { config, context },
      }),
    },
  ];
}

async function authParameters(
  config: SecurityIRClientResolvedConfig,
  context: HandlerExecutionContext,
): Promise<AuthParameters> {
  const region = await normalizeProvider(config.region)();
  if (!region) throw new Error('expected `region` to be configured for `aws.auth#sigv4`');
  return { operation: String(getSmithyContext(context).operation ?? ''), region };
}

/** Defaults filled in before the resolvers run, as a generated client's runtime config does. */
function runtimeConfig(config: SecurityIRClientConfig) {
  const logger = config.logger ?? new NoOpLogger();
  const loader = { profile: config.profile, logger };
  const sigv4: HttpAuthScheme = {
    schemeId: 'aws.auth#sigv4',
    identityProvider: (ipc: IdentityProviderConfig) => ipc.getIdentityProvider('aws.auth#sigv4'),
    signer: new AwsSdkSigV4Signer(),
  };
  return {
    ...config,
    apiVersion: SECURITY_IR_API_VERSION,
    serviceId: SECURITY_IR_SERVICE_ID,
    runtime: 'node',
    logger,
    base64Decoder: fromBase64,
    base64Encoder: toBase64,
    utf8Decoder: fromUtf8,
    utf8Encoder: toUtf8,
    sha256: Sha256,
    urlParser: parseUrl,
    bodyLengthChecker: calculateBodyLength,
    streamCollector,
    disableHostPrefix: false,
    extensions: [],
    endpointProvider: resolveSecurityIREndpoint,
    httpAuthSchemes: [sigv4],
    httpAuthSchemeProvider: authSchemeProvider,
    authSchemePreference: [] as string[],
    credentialDefaultProvider: () => fromNodeProviderChain(config.profile ? { profile: config.profile } : {}),
    defaultUserAgentProvider: createDefaultUserAgentProvider({
      serviceId: SECURITY_IR_SERVICE_ID,
      clientVersion: VERSION,
    }),
    region:
      config.region ??
      loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loader }),
    maxAttempts: config.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
    retryMode:
      config.retryMode ??
      loadConfig({ ...NODE_RETRY_MODE_CONFIG_OPTIONS, default: DEFAULT_RETRY_MODE }, config),
    useFipsEndpoint: config.useFipsEndpoint ?? loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loader),
    useDualstackEndpoint: false,
    requestHandler: NodeHttpHandler.create(config.requestHandler as NodeHttpHandlerOptions | undefined),
    defaultSigningName: SECURITY_IR_SIGNING_NAME,
  };
}

/** Runs the SDK's config resolvers over the defaults, in the order the generated clients do. */
function resolveConfig(config: SecurityIRClientConfig) {
  const c0 = runtimeConfig(config);
  const c1 = resolveUserAgentConfig(c0);
  const c2 = resolveRetryConfig(c1);
  const c3 = resolveRegionConfig(c2);
  const c4 = resolveHostHeaderConfig(c3);
  const c5 = resolveEndpointConfig<typeof c4, SecurityIREndpointParameters>(c4);
  const c6 = resolveAwsSdkSigV4Config(c5);
  return Object.assign(c6, { authSchemePreference: normalizeProvider(c6.authSchemePreference) });
}

/** The resolved configuration of a {@link SecurityIRClient}. */
export type SecurityIRClientResolvedConfig = ReturnType<typeof resolveConfig>;

/**
 * A Security Incident Response client, shaped like the generated `SecurityIRClient` of
 * `@aws-sdk/client-security-ir`: `new SecurityIRClient({ region })`, then `client.send(new XCommand(input))`.
 */
export class SecurityIRClient extends Client<
  HttpHandlerOptions,
  ServiceInputTypes,
  ServiceOutputTypes & MetadataBearer,
  SecurityIRClientResolvedConfig
> {
  /** The resolved configuration. */
  declare readonly config: SecurityIRClientResolvedConfig;

  constructor(configuration: SecurityIRClientConfig = {}) {
    const resolved = resolveConfig(configuration);
    super(resolved);
    this.initConfig = resolved;
    this.middlewareStack.use(getUserAgentPlugin(this.config));
    this.middlewareStack.use(getRetryPlugin(this.config));
    this.middlewareStack.use(getContentLengthPlugin(this.config));
    this.middlewareStack.use(getHostHeaderPlugin(this.config));
    this.middlewareStack.use(getLoggerPlugin(this.config));
    this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
    this.middlewareStack.use(
      getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
        httpAuthSchemeParametersProvider: authParameters,
        identityProviderConfigProvider: async (config) =>
          new DefaultIdentityProviderConfig({ 'aws.auth#sigv4': config.credentials }),
      }),
    );
    this.middlewareStack.use(getHttpSigningPlugin(this.config));
  }
}
