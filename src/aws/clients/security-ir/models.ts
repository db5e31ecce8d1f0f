/**
 * Shapes and errors of the AWS Security Incident Response API (`security-ir`, API version 2018-05-10), limited
 * to what sra-kit reads: memberships and the accounts a membership covers. Names follow the service model, so
 * they are the names `@aws-sdk/client-security-ir` exports.
 *
 * API reference pages followed:
 * - https://docs.aws.amazon.com/security-ir/latest/APIReference/API_ListMemberships.html
 * - https://docs.aws.amazon.com/security-ir/latest/APIReference/API_GetMembership.html
 * - https://docs.aws.amazon.com/security-ir/latest/APIReference/API_BatchGetMemberAccountDetails.html
 * - https://docs.aws.amazon.com/security-ir/latest/APIReference/API_OptInFeature.html
 */
import { ServiceException, type ServiceExceptionOptions } from '@smithy/smithy-client';
import type { MetadataBearer, ResponseMetadata } from '@smithy/types';

/** Status of a membership. */
export type MembershipStatus = 'Active' | 'Cancelled' | 'Terminated';

/** Whether a membership covers an organization or a single account. */
export type CustomerType = 'Standalone' | 'Organization';

/** Name of an opt-in feature; `Triage` is proactive response. */
export type OptInFeatureName = 'Triage';

/** Whether an account is covered by a membership. */
export type MembershipAccountRelationshipStatus = 'Associated' | 'Disassociated' | 'Unassociated';

/** How an account relates to a membership. */
export type MembershipAccountRelationshipType = 'Organization' | 'Unrelated';

/** One membership as `ListMemberships` lists it. */
export interface ListMembershipItem {
  /** Membership id, `m-` followed by 10 to 32 lowercase letters or digits. */
  membershipId: string | undefined;
  /** Account that manages the membership. */
  accountId?: string | undefined;
  /** Region the membership is managed in (its cases live there). */
  region?: string | undefined;
  /** Membership ARN. */
  membershipArn?: string | undefined;
  /** Status of the membership. */
  membershipStatus?: MembershipStatus | undefined;
}

/** Input of `ListMemberships`. */
export interface ListMembershipsRequest {
  /** Token from the previous page. */
  nextToken?: string | undefined;
  /** Page size, 1 to 25. */
  maxResults?: number | undefined;
}

/** Output of `ListMemberships`. */
export interface ListMembershipsResponse {
  /** Token of the next page; absent on the last page. */
  nextToken?: string | undefined;
  /** The memberships the caller can access. */
  items?: ListMembershipItem[] | undefined;
}

/** Input of `GetMembership`. */
export interface GetMembershipRequest {
  /** Membership id. */
  membershipId: string | undefined;
}

/** A member of the customer's incident response team. */
export interface IncidentResponder {
  /** Name. */
  name: string | undefined;
  /** Job title. */
  jobTitle: string | undefined;
  /** Email address. */
  email: string | undefined;
  /** Notifications the person receives. */
  communicationPreferences?: string[] | undefined;
}

/** An opt-in feature of a membership and whether it is on. */
export interface OptInFeature {
  /** Feature name (`Triage`). */
  featureName: OptInFeatureName | undefined;
  /** Whether the feature is enabled. */
  isEnabled: boolean | undefined;
}

/** Which accounts of the organization a membership covers. */
export interface MembershipAccountsConfigurations {
  /** Every existing and future account of the organization. */
  coverEntireOrganization?: boolean | undefined;
  /** OU ids whose accounts are covered. */
  organizationalUnits?: string[] | undefined;
}

/** Output of `GetMembership`. */
export interface GetMembershipResponse {
  /** Membership id. */
  membershipId: string | undefined;
  /** Account that manages the membership. */
  accountId?: string | undefined;
  /** Region the membership is managed in. */
  region?: string | undefined;
  /** Membership name. */
  membershipName?: string | undefined;
  /** Membership ARN. */
  membershipArn?: string | undefined;
  /** Status of the membership. */
  membershipStatus?: MembershipStatus | undefined;
  /** When the membership became active. */
  membershipActivationTimestamp?: Date | undefined;
  /** When the membership was cancelled or terminated. */
  membershipDeactivationTimestamp?: Date | undefined;
  /** `Organization` or `Standalone`. */
  customerType?: CustomerType | undefined;
  /** Number of accounts the membership covers. */
  numberOfAccountsCovered?: number | undefined;
  /** The customer's incident response team. */
  incidentResponseTeam?: IncidentResponder[] | undefined;
  /** Opt-in features (proactive response is `Triage`). */
  optInFeatures?: OptInFeature[] | undefined;
  /** Which accounts of the organization are covered. */
  membershipAccountsConfigurations?: MembershipAccountsConfigurations | undefined;
}

/** Input of `BatchGetMemberAccountDetails`. */
export interface BatchGetMemberAccountDetailsRequest {
  /** Membership id. */
  membershipId: string | undefined;
  /** 1 to 100 twelve-digit account ids. */
  accountIds: string[] | undefined;
}

/** Whether one account is covered by the membership. */
export interface GetMembershipAccountDetailItem {
  /** Account id. */
  accountId?: string | undefined;
  /** `Associated` when the account is covered. */
  relationshipStatus?: MembershipAccountRelationshipStatus | undefined;
  /** `Organization` for accounts of the membership's organization, else `Unrelated`. */
  relationshipType?: MembershipAccountRelationshipType | undefined;
}

/** An account the service could not answer for. */
export interface GetMembershipAccountDetailError {
  /** Account id. */
  accountId: string | undefined;
  /** Error code. */
  error: string | undefined;
  /** What went wrong. */
  message: string | undefined;
}

/** Output of `BatchGetMemberAccountDetails`. */
export interface BatchGetMemberAccountDetailsResponse {
  /** One item per account answered. */
  items?: GetMembershipAccountDetailItem[] | undefined;
  /** Accounts that could not be answered. */
  errors?: GetMembershipAccountDetailError[] | undefined;
}

/** Input of {@link ListMembershipsCommand}. */
export type ListMembershipsCommandInput = ListMembershipsRequest;
/** Output of {@link ListMembershipsCommand}. */
export type ListMembershipsCommandOutput = ListMembershipsResponse & MetadataBearer;
/** Input of {@link GetMembershipCommand}. */
export type GetMembershipCommandInput = GetMembershipRequest;
/** Output of {@link GetMembershipCommand}. */
export type GetMembershipCommandOutput = GetMembershipResponse & MetadataBearer;
/** Input of {@link BatchGetMemberAccountDetailsCommand}. */
export type BatchGetMemberAccountDetailsCommandInput = BatchGetMemberAccountDetailsRequest;
/** Output of {@link BatchGetMemberAccountDetailsCommand}. */
export type BatchGetMemberAccountDetailsCommandOutput = BatchGetMemberAccountDetailsResponse & MetadataBearer;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Base class of every error the Security Incident Response client throws for an AWS answer. */
export class SecurityIRServiceException extends ServiceException {
  constructor(options: ServiceExceptionOptions) {
    super(options);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * What a modeled error is built from: the message, the response metadata and the error's own fields from the
 * response body (e.g. `resourceId`). The sandbox builds them with `{ message, $metadata }` only.
 */
export interface SecurityIRErrorOptions {
  /** Message from the response. */
  message?: string | undefined;
  /** Response metadata. */
  $metadata: ResponseMetadata;
  /** Modeled fields of the error. */
  [field: string]: unknown;
}

/** A modeled error: its name and fault are fixed by the class; its fields come from the answer. */
abstract class ModeledError extends SecurityIRServiceException {
  protected constructor(name: string, fault: 'client' | 'server', options: SecurityIRErrorOptions) {
    const { message, $metadata, ...fields } = options;
    super({ name, $fault: fault, $metadata, ...(message !== undefined ? { message } : {}) });
    for (const [k, v] of Object.entries(fields)) {
      if (v !== undefined && !(k in this)) Object.assign(this, { [k]: v });
    }
  }
}

/** The caller may not perform the action (HTTP 403). */
export class AccessDeniedException extends ModeledError {
  constructor(options: SecurityIRErrorOptions) {
    super('AccessDeniedException', 'client', options);
  }
}

/** The request conflicts with the current state of a resource (HTTP 409). */
export class ConflictException extends ModeledError {
  /** The conflicting resource. */
  declare readonly resourceId?: string;
  /** Its type. */
  declare readonly resourceType?: string;
  constructor(options: SecurityIRErrorOptions) {
    super('ConflictException', 'client', options);
  }
}

/** The service failed (HTTP 500); retryable. */
export class InternalServerException extends ModeledError {
  /** Seconds to wait before retrying, when the service said. */
  declare readonly retryAfterSeconds?: number;
  constructor(options: SecurityIRErrorOptions) {
    super('InternalServerException', 'server', options);
    this.$retryable = {};
  }
}

/** A token in the request is not valid (HTTP 423). */
export class InvalidTokenException extends ModeledError {
  constructor(options: SecurityIRErrorOptions) {
    super('InvalidTokenException', 'client', options);
  }
}

/** The membership (or other resource) does not exist for the caller (HTTP 404). */
export class ResourceNotFoundException extends ModeledError {
  constructor(options: SecurityIRErrorOptions) {
    super('ResourceNotFoundException', 'client', options);
  }
}

/** The action needs an active membership (HTTP 400). */
export class SecurityIncidentResponseNotActiveException extends ModeledError {
  constructor(options: SecurityIRErrorOptions) {
    super('SecurityIncidentResponseNotActiveException', 'client', options);
  }
}

/** A service quota would be exceeded (HTTP 402). */
export class ServiceQuotaExceededException extends ModeledError {
  /** The resource concerned. */
  declare readonly resourceId?: string;
  /** Its type. */
  declare readonly resourceType?: string;
  /** Service code of the quota. */
  declare readonly serviceCode?: string;
  /** Quota code. */
  declare readonly quotaCode?: string;
  constructor(options: SecurityIRErrorOptions) {
    super('ServiceQuotaExceededException', 'client', options);
  }
}

/** The request was throttled (HTTP 429); retryable as throttling. */
export class ThrottlingException extends ModeledError {
  /** Service code of the quota. */
  declare readonly serviceCode?: string;
  /** Quota code. */
  declare readonly quotaCode?: string;
  /** Seconds to wait before retrying, when the service said. */
  declare readonly retryAfterSeconds?: number;
  constructor(options: SecurityIRErrorOptions) {
    super('ThrottlingException', 'client', options);
    this.$retryable = { throttling: true };
  }
}

/** The input failed validation (HTTP 400). */
export class ValidationException extends ModeledError {
  /** Why, as a code (`UNKNOWN_OPERATION`, `CANNOT_PARSE`, `FIELD_VALIDATION_FAILED`, `OTHER`). */
  declare readonly reason?: string;
  /** The fields that failed. */
  declare readonly fieldList?: Array<{ name?: string; message?: string }>;
  constructor(options: SecurityIRErrorOptions) {
    super('ValidationException', 'client', options);
  }
}

/** A modeled error class. */
export type SecurityIRErrorClass = new (options: SecurityIRErrorOptions) => SecurityIRServiceException;

/** The modeled errors by the code AWS answers with (`x-amzn-ErrorType`). */
export const SECURITY_IR_ERRORS: Readonly<Record<string, SecurityIRErrorClass>> = {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  InvalidTokenException,
  ResourceNotFoundException,
  SecurityIncidentResponseNotActiveException,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
};
