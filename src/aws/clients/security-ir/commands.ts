/**
 * The commands of the Security Incident Response client. Each is a Smithy `Command` like a generated one: it
 * adds the endpoint plugin and its serializer/deserializer to the client's middleware stack and names itself in
 * the handler context (`clientName: 'SecurityIRClient'`, `commandName: 'GetMembershipCommand'`), which is
 * where middleware — the sandbox's included — reads the service and operation from.
 */
import { getEndpointPlugin } from '@smithy/core/endpoints';
import { getSerdePlugin } from '@smithy/core/serde';
import { Command } from '@smithy/smithy-client';
import type { Handler, HttpHandlerOptions, MiddlewareStack, SerdeContext } from '@smithy/types';
import {
  SECURITY_IR_ENDPOINT_PARAMETERS,
  type SecurityIRClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from './client.js';
import type {
  BatchGetMemberAccountDetailsCommandInput,
  BatchGetMemberAccountDetailsCommandOutput,
  GetMembershipCommandInput,
  GetMembershipCommandOutput,
  ListMembershipsCommandInput,
  ListMembershipsCommandOutput,
} from './models.js';
import {
  deserializeBatchGetMemberAccountDetails,
  deserializeGetMembership,
  deserializeListMemberships,
  serializeBatchGetMemberAccountDetails,
  serializeGetMembership,
  serializeListMemberships,
  type Deserializer,
  type Serializer,
} from './protocol.js';

/** Client class name, as the generated client is called. */
const CLIENT_NAME = 'SecurityIRClient';
/** Smithy service shape name, for the handler context. */
const SERVICE_SHAPE = 'SecurityIncidentResponse';

/** Fields of the outputs that name people or the membership; the SDK keeps them out of logs. */
const SENSITIVE_FIELDS = ['membershipName', 'incidentResponseTeam'] as const;

/** The output with its sensitive fields masked, for the logger middleware. */
function redactSensitive(output: unknown): unknown {
  if (!output || typeof output !== 'object') return output;
  const copy: Record<string, unknown> = { ...(output as Record<string, unknown>) };
  for (const k of SENSITIVE_FIELDS) if (copy[k] !== undefined) copy[k] = '***SensitiveInformation***';
  return copy;
}

/** What one operation needs beyond its input and output types. */
interface OperationSpec<I, O> {
  /** Operation name, e.g. `GetMembership`. */
  operation: string;
  serialize: Serializer<I>;
  deserialize: Deserializer<O>;
}

/** Base of the client's commands: one operation, its serde and its name in the handler context. */
abstract class SecurityIRCommand<I extends ServiceInputTypes, O extends ServiceOutputTypes> extends Command<
  I,
  O,
  SecurityIRClientResolvedConfig,
  ServiceInputTypes,
  ServiceOutputTypes
> {
  /** The command input. */
  readonly input: I;

  protected constructor(
    input: I,
    private readonly spec: OperationSpec<I, O>,
  ) {
    super();
    this.input = input;
  }

  /** Builds the handler that sends this command through `clientStack` plus its own middleware. */
  resolveMiddleware(
    clientStack: MiddlewareStack<ServiceInputTypes, ServiceOutputTypes>,
    configuration: SecurityIRClientResolvedConfig,
    options?: HttpHandlerOptions,
  ): Handler<I, O> {
    const { operation, serialize, deserialize } = this.spec;
    return this.resolveMiddlewareWithContext(clientStack, configuration, options, {
      CommandCtor: this.constructor,
      middlewareFn: () => [
        getEndpointPlugin(configuration, SECURITY_IR_ENDPOINT_PARAMETERS),
        getSerdePlugin(
          configuration,
          serialize as (input: unknown, context: SerdeContext) => ReturnType<Serializer<I>>,
          deserialize,
        ),
      ],
      clientName: CLIENT_NAME,
      commandName: `${operation}Command`,
      smithyContext: { service: SERVICE_SHAPE, operation },
      additionalContext: {},
      inputFilterSensitiveLog: (x: unknown) => x,
      outputFilterSensitiveLog: redactSensitive,
    }) as Handler<I, O>;
  }
}

/**
 * Lists the memberships the caller can access (`ListMemberships`, at most 25 a page).
 * https://docs.aws.amazon.com/security-ir/latest/APIReference/API_ListMemberships.html
 */
export class ListMembershipsCommand extends SecurityIRCommand<
  ListMembershipsCommandInput,
  ListMembershipsCommandOutput
> {
  constructor(input: ListMembershipsCommandInput = {}) {
    super(input, {
      operation: 'ListMemberships',
      serialize: serializeListMemberships,
      deserialize: deserializeListMemberships,
    });
  }
}

/**
 * Reads one membership: status, team, opt-in features, covered accounts (`GetMembership`).
 * https://docs.aws.amazon.com/security-ir/latest/APIReference/API_GetMembership.html
 */
export class GetMembershipCommand extends SecurityIRCommand<
  GetMembershipCommandInput,
  GetMembershipCommandOutput
> {
  constructor(input: GetMembershipCommandInput) {
    super(input, {
      operation: 'GetMembership',
      serialize: serializeGetMembership,
      deserialize: deserializeGetMembership,
    });
  }
}

/**
 * Whether up to 100 accounts are covered by a membership (`BatchGetMemberAccountDetails`).
 * https://docs.aws.amazon.com/security-ir/latest/APIReference/API_BatchGetMemberAccountDetails.html
 */
export class BatchGetMemberAccountDetailsCommand extends SecurityIRCommand<
  BatchGetMemberAccountDetailsCommandInput,
  BatchGetMemberAccountDetailsCommandOutput
> {
  constructor(input: BatchGetMemberAccountDetailsCommandInput) {
    super(input, {
      operation: 'BatchGetMemberAccountDetails',
      serialize: serializeBatchGetMemberAccountDetails,
      deserialize: deserializeBatchGetMemberAccountDetails,
    });
  }
}
