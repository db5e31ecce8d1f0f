/**
 * AWS Lambda in the sandbox: `ListFunctions` only, per account and Region. A new account has no function;
 * tests and scenarios place them with {@link plantFunction}.
 *
 * https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html (`MaxItems` 1–10000 but at most 50
 * functions a page; `Marker`/`NextMarker`; an invalid marker is `InvalidParameterValueException`)
 */
import type {
  FunctionConfiguration,
  ListFunctionsCommandInput,
  ListFunctionsCommandOutput,
} from '@aws-sdk/client-lambda';
import { defineService } from '../core/service.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of Lambda in the sandbox (its IAM action prefix). */
export const LAMBDA_SERVICE = 'lambda';

/** Functions of `account` in `region` (created empty on first use). */
export function lambdaFunctions(
  world: SandboxWorld,
  account: string,
  region: string,
): FunctionConfiguration[] {
  return world.regional(LAMBDA_SERVICE, account, region, () => [] as FunctionConfiguration[]);
}

/** Creates a function in `account`/`region` directly in the world (tests and scenarios); returns its ARN. */
export function plantFunction(world: SandboxWorld, account: string, region: string, name: string): string {
  const arn = `arn:aws:lambda:${region}:${account}:function:${name}`;
  lambdaFunctions(world, account, region).push({
    FunctionName: name,
    FunctionArn: arn,
    Runtime: 'python3.12',
    Role: `arn:aws:iam::${account}:role/${name}-role`,
    Handler: 'index.handler',
    CodeSize: 1024,
    Timeout: 3,
    MemorySize: 128,
    LastModified: new Date(0).toISOString(),
    Version: '$LATEST',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
  });
  return arn;
}

/** The simulated Lambda function listing. */
export const lambdaService = defineService({
  name: LAMBDA_SERVICE,
  clientName: 'LambdaClient',
  scope: 'regional',
  protocol: 'rest-json',
  errors: { throttling: 'TooManyRequestsException', internal: 'ServiceException' },
  operations: {
    ListFunctions: (ctx, input: ListFunctionsCommandInput): Out<ListFunctionsCommandOutput> => {
      if (input.MaxItems !== undefined && (input.MaxItems < 1 || input.MaxItems > 10000)) {
        throw ctx.error('InvalidParameterValueException', 'MaxItems must be between 1 and 10000.', {
          status: 400,
        });
      }
      const { page, nextToken } = paginate(ctx, lambdaFunctions(ctx.world, ctx.account, ctx.region), {
        maxResults: Math.min(input.MaxItems ?? 50, 50),
        nextToken: input.Marker,
        defaultMax: 50,
        limit: 50,
        errorName: 'InvalidParameterValueException',
      });
      return { Functions: structuredClone(page), ...(nextToken ? { NextMarker: nextToken } : {}) };
    },
  },
});
