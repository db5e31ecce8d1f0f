/**
 * The network service module: the network account basics the SRA asks for and sra-verify does not
 * check (inspection, flow and DNS query logs in the log archive, DNS Firewall), and the Security Hub
 * Network Firewall controls for every firewall of the organization. VPCs, flow logs and transit
 * gateways come from the EC2 slice.
 */
import { viewOf, type InventoryLike } from '../../observe/view.js';
import type { RoleHint } from '../../verify/roles.js';
import { EC2, type Ec2Slice } from '../ec2/collect.js';
import { defineServiceModule } from '../types.js';
import { networkCollector, NETWORK, type NetworkSlice } from './collect.js';
import { NETWORK_BASICS_CONTROLS } from './controls/basics.js';
import { NETWORK_FIREWALL_CONTROLS } from './controls/firewall.js';

export * from './collect.js';
export * from './common.js';
export * from './controls/basics.js';
export * from './controls/firewall.js';

/**
 * Role evidence for the network account: owning AWS Network Firewall firewalls (weight 6) and transit
 * gateways (weight 4) — an account that has both weighs as much as a delegated-admin registration.
 * Each account counts once per kind, however many Regions or resources it has.
 */
export function networkRoleHints(inventory: InventoryLike): RoleHint[] {
  const hints: RoleHint[] = [];
  for (const [account, observed] of viewOf(inventory).eachAccount()) {
    const slices = Object.values(observed.region);
    const firewalls = slices.some((s) => {
      const d = (s[NETWORK] as NetworkSlice | undefined)?.firewalls;
      return d?.ok === true && d.value.length > 0;
    });
    const tgws = slices.some((s) => {
      const d = (s[EC2] as Ec2Slice | undefined)?.transitGateways;
      return d?.ok === true && d.value.length > 0;
    });
    if (firewalls)
      hints.push({ role: 'network', account, weight: 6, reason: 'owns AWS Network Firewall firewalls' });
    if (tgws) hints.push({ role: 'network', account, weight: 4, reason: 'owns transit gateways' });
  }
  return hints;
}

/** Network account basics and AWS Network Firewall configuration. */
export const networkModule = defineServiceModule({
  id: 'network',
  collectors: [networkCollector],
  controls: [...NETWORK_BASICS_CONTROLS, ...NETWORK_FIREWALL_CONTROLS],
  roleHints: networkRoleHints,
});
