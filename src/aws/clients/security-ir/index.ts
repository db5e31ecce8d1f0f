/**
 * A client of the AWS Security Incident Response API (`security-ir`) for the operations sra-kit reads:
 * `ListMemberships`, `GetMembership` and `BatchGetMemberAccountDetails`.
 *
 * It is a stand-in until `@aws-sdk/client-security-ir` is served by the npm registry the project installs from.
 * Class, command, type and error names are the ones that package exports, with the same shapes, so swapping is
 * mechanical: add `@aws-sdk/client-security-ir` (pinned) to package.json, replace imports of
 * `aws/clients/security-ir/index.js` with `@aws-sdk/client-security-ir`, point the sandbox service's
 * `modeledErrors` at the package's exception classes, delete this folder, and run the Security IR tests (they
 * exercise the client through the sandbox and over real HTTP).
 *
 * Differences to keep in mind until then: only these three operations, Node.js only, no `defaultsMode`,
 * extensions or paginators.
 */
export {
  SECURITY_IR_API_VERSION,
  SECURITY_IR_ENDPOINT_PARAMETERS,
  SECURITY_IR_SERVICE_ID,
  SECURITY_IR_SIGNING_NAME,
  SecurityIRClient,
  resolveSecurityIREndpoint,
  type SecurityIRClientConfig,
  type SecurityIRClientResolvedConfig,
  type SecurityIREndpointParameters,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from './client.js';
export {
  BatchGetMemberAccountDetailsCommand,
  GetMembershipCommand,
  ListMembershipsCommand,
} from './commands.js';
export * from './models.js';
