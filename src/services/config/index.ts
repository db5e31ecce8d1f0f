/** The AWS Config service module: recorder and aggregator collectors, and their controls. */
import { viewOf, type InventoryLike } from '../../observe/view.js';
import type { RoleHint } from '../../verify/roles.js';
import { defineServiceModule } from '../types.js';
import {
  configAggregatorsCollector,
  configCollector,
  CONFIG_AGGREGATORS,
  type ConfigAggregatorsSlice,
} from './collect.js';
import { CONFIG_RECORDING_CONTROLS } from './controls.js';
import { CONFIG_ORG_CONTROLS } from './controls-org.js';

/** Accounts holding an organization aggregator are likely the security tooling account. */
export function configRoleHints(inventory: InventoryLike): RoleHint[] {
  const hints: RoleHint[] = [];
  for (const [account, slices] of viewOf(inventory).eachAccount()) {
    const d = (slices.account[CONFIG_AGGREGATORS] as ConfigAggregatorsSlice | undefined)?.aggregators;
    if (account === inventory.managementAccountId || !d?.ok) continue;
    if (d.value.some((a) => a.organizationSource)) {
      hints.push({
        role: 'security-tooling',
        account,
        weight: 5,
        reason: 'holds the Config organization aggregator',
      });
    }
  }
  return hints;
}

/** AWS Config: recording in every account and Region, delivery to the log archive, organization aggregator. */
export const configModule = defineServiceModule({
  id: 'config',
  collectors: [configCollector, configAggregatorsCollector],
  controls: [...CONFIG_RECORDING_CONTROLS, ...CONFIG_ORG_CONTROLS],
  roleHints: configRoleHints,
});
