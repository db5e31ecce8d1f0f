/**
 * AWS Region codes sra-kit knows about. Used to validate blueprints; at run time the Regions an
 * account has enabled come from `account:ListRegions`, never from this list.
 */

/** One AWS Region. */
export interface RegionInfo {
  /** Region code, e.g. `eu-west-1`. */
  readonly code: string;
  /** AWS partition the Region belongs to. */
  readonly partition: 'aws' | 'aws-us-gov' | 'aws-cn' | 'aws-eusc';
  /** Opt-in Regions are disabled until an account enables them, and need regional STS. */
  readonly optIn: boolean;
  /** Human name. */
  readonly name: string;
}

const r = (
  code: string,
  name: string,
  optIn = false,
  partition: RegionInfo['partition'] = 'aws',
): RegionInfo => ({
  code,
  name,
  optIn,
  partition,
});

/** Every public AWS Region code known to this release of sra-kit. */
export const REGIONS: readonly RegionInfo[] = [
  r('us-east-1', 'US East (N. Virginia)'),
  r('us-east-2', 'US East (Ohio)'),
  r('us-west-1', 'US West (N. California)'),
  r('us-west-2', 'US West (Oregon)'),
  r('af-south-1', 'Africa (Cape Town)', true),
  r('ap-east-1', 'Asia Pacific (Hong Kong)', true),
  r('ap-east-2', 'Asia Pacific (Taipei)', true),
  r('ap-south-1', 'Asia Pacific (Mumbai)'),
  r('ap-south-2', 'Asia Pacific (Hyderabad)', true),
  r('ap-northeast-1', 'Asia Pacific (Tokyo)'),
  r('ap-northeast-2', 'Asia Pacific (Seoul)'),
  r('ap-northeast-3', 'Asia Pacific (Osaka)'),
  r('ap-southeast-1', 'Asia Pacific (Singapore)'),
  r('ap-southeast-2', 'Asia Pacific (Sydney)'),
  r('ap-southeast-3', 'Asia Pacific (Jakarta)', true),
  r('ap-southeast-4', 'Asia Pacific (Melbourne)', true),
  r('ap-southeast-5', 'Asia Pacific (Malaysia)', true),
  r('ap-southeast-6', 'Asia Pacific (New Zealand)', true),
  r('ap-southeast-7', 'Asia Pacific (Thailand)', true),
  r('ca-central-1', 'Canada (Central)'),
  r('ca-west-1', 'Canada West (Calgary)', true),
  r('eu-central-1', 'Europe (Frankfurt)'),
  r('eu-central-2', 'Europe (Zurich)', true),
  r('eu-west-1', 'Europe (Ireland)'),
  r('eu-west-2', 'Europe (London)'),
  r('eu-west-3', 'Europe (Paris)'),
  r('eu-south-1', 'Europe (Milan)', true),
  r('eu-south-2', 'Europe (Spain)', true),
  r('eu-north-1', 'Europe (Stockholm)'),
  r('il-central-1', 'Israel (Tel Aviv)', true),
  r('me-south-1', 'Middle East (Bahrain)', true),
  r('me-central-1', 'Middle East (UAE)', true),
  r('mx-central-1', 'Mexico (Central)', true),
  r('sa-east-1', 'South America (São Paulo)'),
  r('us-gov-west-1', 'AWS GovCloud (US-West)', false, 'aws-us-gov'),
  r('us-gov-east-1', 'AWS GovCloud (US-East)', false, 'aws-us-gov'),
  r('cn-north-1', 'China (Beijing)', false, 'aws-cn'),
  r('cn-northwest-1', 'China (Ningxia)', false, 'aws-cn'),
  r('eusc-de-east-1', 'AWS European Sovereign Cloud (Germany)', false, 'aws-eusc'),
];

const BY_CODE = new Map(REGIONS.map((x) => [x.code, x]));

/** Looks up a Region by code; `undefined` when the code is not a known AWS Region. */
export function findRegion(code: string): RegionInfo | undefined {
  return BY_CODE.get(code);
}

/** True when `code` is a known AWS Region code. */
export function isRegionCode(code: string): boolean {
  return BY_CODE.has(code);
}
