/** `sra explain <control id>`: what a control checks, why, where, and how to fix it. */
import { getCapability, getPrinciple } from '../../catalog/index.js';
import { SERVICE_MODULES } from '../../services/index.js';
import { summarizeControl } from '../../verify/verify.js';
import type { ControlSummary } from '../../verify/result.js';

/** Every control, by id. */
function controlsById(): Map<string, ControlSummary> {
  return new Map(SERVICE_MODULES.flatMap((m) => m.controls).map((c) => [c.id, summarizeControl(c)]));
}

/** The control with this id (case-insensitive), if any. */
export function findControl(id: string): ControlSummary | undefined {
  const all = controlsById();
  return all.get(id) ?? [...all.values()].find((c) => c.id.toLowerCase() === id.toLowerCase());
}

/** Every control id, for suggestions. */
export function controlIds(): string[] {
  return [...controlsById().keys()];
}

/** Plain-text explanation of a control. */
export function renderControl(c: ControlSummary): string {
  const refs = [
    ...(c.refs.sraVerify ?? []).map((r) => `sra-verify ${r}`),
    ...(c.refs.fsbp ?? []).map((r) => `FSBP ${r}`),
    ...(c.refs.cis ?? []).map((r) => `CIS ${r}`),
  ];
  const lines = [
    c.title,
    `control ${c.id} · ${c.severity} · service ${c.service} · evaluated per ${c.scope}`,
    '',
    `Applies to: ${c.appliesTo === 'all' ? 'every account' : c.appliesTo.join(', ')}`,
    `Capabilities: ${c.capabilities.map((id) => getCapability(id)?.name ?? id).join(', ')}`,
    `Principles: ${c.principles.map((id) => getPrinciple(id)?.name ?? id).join(', ')}`,
    ...(refs.length ? [`References: ${refs.join(', ')}`] : []),
    '',
    'Why it matters',
    `  ${c.risk}`,
    '',
    'How to fix it',
    ...(c.remediation.blueprint ? [`  blueprint: ${c.remediation.blueprint}`] : []),
    `  by hand: ${c.remediation.manual}`,
  ];
  return `${lines.join('\n')}\n`;
}
