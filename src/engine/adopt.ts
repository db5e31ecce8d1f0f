/**
 * `sra init --from-org`: a blueprint describing a live organization — its id, management account,
 * Regions, OU tree with the accounts in it, and the account roles verify's role inference found (with
 * the reasons as comments) — so an existing organization can be adopted: `sra plan` on it then shows
 * only the SRA features still missing, never moves an account, and never touches OUs or policies it
 * does not name.
 */
import { Document, YAMLMap, YAMLSeq, Scalar, Pair } from 'yaml';
import { ROLE_OF_ACCOUNT_KEY } from '../blueprint/resolve.js';
import type { AccountRoleId } from '../catalog/ids.js';
import type { Inventory } from '../observe/types.js';
import { organizationSliceOf } from '../services/organizations/collect.js';
import type { RoleAssignment } from '../verify/result.js';

/** What {@link adoptBlueprint} returns: the YAML text, and what the user must still fill in. */
export interface AdoptedBlueprint {
  text: string;
  /** Things the organization did not reveal (e.g. no account looks like a log archive). */
  todo: string[];
}

const PLACEHOLDER = '000000000000';

function quoted(v: string): Scalar {
  const s = new Scalar(v);
  s.type = Scalar.QUOTE_DOUBLE;
  return s;
}

/** Builds the blueprint of an observed organization. */
export function adoptBlueprint(inventory: Inventory, roles: readonly RoleAssignment[]): AdoptedBlueprint {
  const todo: string[] = [];
  const slice = organizationSliceOf(inventory.organization);
  const ous = slice?.ous.ok ? slice.ous.value : [];
  const roleOf = (role: AccountRoleId) => roles.find((r) => r.roles.includes(role));
  const doc = new Document({});
  const root = doc.contents as YAMLMap;
  doc.commentBefore =
    ` Written by sra init --from-org on ${inventory.collectedAt} from the live organization.\n` +
    ' Review it, then run `sra plan` to see what the SRA still needs. Account roles below were inferred:\n' +
    ' check them. Unlisted OUs, accounts and policies are left alone by sra apply.';
  root.add(new Pair('version', 1));

  const org = new YAMLMap();
  if (inventory.organizationId) org.add(new Pair('id', inventory.organizationId));
  org.add(new Pair('managementAccount', quoted(inventory.managementAccountId)));
  org.add(new Pair('homeRegion', inventory.homeRegion));
  const regions = new YAMLSeq();
  for (const r of inventory.governedRegions) regions.add(r);
  org.add(new Pair('governedRegions', regions));
  const names = new Map<string, number>();
  for (const ou of ous) names.set(ou.name, (names.get(ou.name) ?? 0) + 1);
  const ouSeq = new YAMLSeq();
  const ouById = new Map(ous.map((o) => [o.id, o]));
  for (const ou of ous) {
    if ((names.get(ou.name) ?? 0) > 1) {
      todo.push(
        `OU name "${ou.name}" is used ${names.get(ou.name)} times; blueprints name OUs uniquely, so it was left out`,
      );
      continue;
    }
    const m = new YAMLMap();
    m.add(new Pair('name', ou.name));
    const parent = ouById.get(ou.parentId);
    if (parent) m.add(new Pair('parent', parent.name));
    const members = inventory.accounts.filter((a) => a.parentId === ou.id && a.status === 'ACTIVE');
    if (members.length > 0) {
      const seq = new YAMLSeq();
      seq.flow = true;
      for (const a of members) seq.add(quoted(a.id));
      m.add(new Pair('accounts', seq));
    }
    ouSeq.add(m);
  }
  if (ous.length > 0) org.add(new Pair('organizationalUnits', ouSeq));
  root.add(new Pair('organization', org));

  const accounts = new YAMLMap();
  const assigned = new Set<string>([inventory.managementAccountId]);
  for (const [key, role] of Object.entries(ROLE_OF_ACCOUNT_KEY)) {
    // The blueprint schema requires these two role accounts; the others are optional.
    const required = key === 'securityTooling' || key === 'logArchive';
    const found = roleOf(role);
    if (found) {
      const pair = new Pair(key, quoted(found.account));
      (pair.value as Scalar).comment = ` ${found.reason}`;
      accounts.add(pair);
      assigned.add(found.account);
    } else if (required) {
      const pair = new Pair(key, quoted(PLACEHOLDER));
      (pair.value as Scalar).comment = ' TODO: no account looked like this role; put its id here';
      accounts.add(pair);
      todo.push(
        `accounts.${key}: no account looked like the ${role} account; the blueprint holds ${PLACEHOLDER}`,
      );
    }
  }
  const workloads = new YAMLSeq();
  for (const a of inventory.accounts) {
    if (assigned.has(a.id) || a.status !== 'ACTIVE') continue;
    const m = new YAMLMap();
    m.flow = true;
    m.add(new Pair('id', quoted(a.id)));
    const name = a.name.slice(0, 50);
    if (name) m.add(new Pair('name', name));
    workloads.add(m);
  }
  accounts.add(new Pair('workloads', workloads));
  root.add(new Pair('accounts', accounts));
  return { text: doc.toString({ lineWidth: 0 }), todo };
}
