import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Plan } from '../../src/engine/types.js';

async function sra(args: string[], cwd = process.cwd(), answer?: string) {
  let out = '';
  let err = '';
  const asked: string[] = [];
  const code = await main(['node', 'sra', ...args], {
    context: {
      out: (s) => void (out += s),
      err: (s) => void (err += s),
      cwd,
      // A terminal that asked for no colour (NO_COLOR), so the output reads as plain text.
      env: answer !== undefined ? { NO_COLOR: '1' } : {},
      isTTY: answer !== undefined,
      ...(answer !== undefined
        ? {
            prompt: async (q: string) => {
              asked.push(q);
              return answer;
            },
          }
        : {}),
    },
  });
  return { code, out, err, asked };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'sra-deploy-'));

describe('sra plan', () => {
  it('shows the steps grouped by account and capability, saves JSON, and exits 2 with --detailed-exitcode', async () => {
    const dir = tmp();
    const r = await sra(
      ['plan', '--sandbox', 'greenfield', '--workloads', '1', '--out', 'plan.json', '--detailed-exitcode'],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^account 100000000011 \(Management\)$/m);
    expect(r.out).toMatch(/^ {2}Security governance$/m);
    expect(r.out).toMatch(/^ {4}\+ .*sra-deny-root-user/m);
    expect(r.out).toMatch(/Plan: \d+ to create, \d+ to change, 0 to delete/);
    const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Plan;
    expect(plan.kind).toBe('sra-plan');
    expect(plan.organizationId).toBe('o-1000000000');
    expect(plan.steps.length).toBeGreaterThan(50);
    expect(r.err).toContain('sra apply plan.json');
  });

  it('exits 0 without --detailed-exitcode even with changes, and prints the plan as JSON with --format json', async () => {
    const r = await sra(['plan', '--sandbox', 'greenfield', '--workloads', '1', '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as Plan).mode).toBe('apply');
  });

  it('names a missing blueprint file', async () => {
    const r = await sra(['plan', 'nope.yaml'], tmp());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nope\.yaml/);
  });

  it('refuses a blueprint together with --sandbox', async () => {
    const r = await sra(['plan', 'sra.yaml', '--sandbox', 'greenfield']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--sandbox uses the scenario's own blueprint/);
  });
});

describe('sra apply', () => {
  it('refuses to change anything without --yes when it cannot ask', async () => {
    const r = await sra(['apply', '--sandbox', 'greenfield', '--workloads', '1']);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/Plan: /);
    expect(r.err).toMatch(/refusing to change the organization without confirmation/);
    expect(r.err).toMatch(/--yes/);
  });

  it('asks at a terminal: anything but "yes" cancels with nothing changed, "yes" applies', async () => {
    const no = await sra(['apply', '--sandbox', 'greenfield', '--workloads', '1'], process.cwd(), 'y');
    expect(no.asked).toEqual([
      expect.stringMatching(/^Apply these \d+ steps to o-1000000000\? Only "yes" is accepted: $/),
    ]);
    expect(no.code).toBe(0);
    expect(no.err).toMatch(/apply cancelled; nothing was changed/);
    expect(no.out).not.toMatch(/Apply:/);
    const yes = await sra(['apply', '--sandbox', 'greenfield', '--workloads', '1'], process.cwd(), 'yes\n');
    expect(yes.code).toBe(0);
    expect(yes.out).toMatch(/Apply: \d+ done, 0 failed, 0 blocked\./);
  });

  it('applies with --yes and reports every step done', async () => {
    const r = await sra(['apply', '--sandbox', 'greenfield', '--workloads', '1', '--yes']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Apply: \d+ done, 0 failed, 0 blocked\./);
  });

  it('applies a saved plan, and refuses it once the organization no longer matches it', async () => {
    const dir = tmp();
    expect(
      (await sra(['plan', '--sandbox', 'greenfield', '--workloads', '1', '--out', 'plan.json'], dir)).code,
    ).toBe(0);
    const ok = await sra(['apply', 'plan.json', '--sandbox', 'greenfield', '--workloads', '1', '--yes'], dir);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Apply: \d+ done, 0 failed/);
    // The same plan against an organization in another state: refused, nothing changed.
    const stale = await sra(
      ['apply', 'plan.json', '--sandbox', 'greenfield', '--workloads', '2', '--yes'],
      dir,
    );
    expect(stale.code).toBe(2);
    expect(stale.err).toMatch(/PLAN_STALE/);
    expect(stale.err).toMatch(/is needed now but not in the plan/);
    expect(stale.out).not.toMatch(/Apply:/);
  });

  it('rejects a damaged plan file with its line, and a sandbox plan without --sandbox', async () => {
    const dir = tmp();
    await sra(['plan', '--sandbox', 'greenfield', '--workloads', '1', '--out', 'plan.json'], dir);
    const text = readFileSync(join(dir, 'plan.json'), 'utf8');
    writeFileSync(join(dir, 'broken.json'), text.replace('"kind": "sra-plan",', '"kind": "sra-plan"'));
    const broken = await sra(['apply', 'broken.json', '--sandbox', 'greenfield', '--yes'], dir);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/broken\.json:\d+: not valid JSON/);
    const noSandbox = await sra(['apply', 'plan.json', '--yes'], dir);
    expect(noSandbox.code).toBe(2);
    expect(noSandbox.err).toMatch(/apply it with --sandbox greenfield/);
    expect(existsSync(join(dir, '.sra'))).toBe(false);
  });
});

describe('sra destroy', () => {
  it('plans nothing on an organization sra-kit never touched', async () => {
    const r = await sra(['destroy', '--sandbox', 'greenfield', '--workloads', '1', '--yes']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/No changes/);
  });
});

describe('sra iam-policy apply', () => {
  it('prints the plan reads and the ops writes, with AssumeRole on the member role only for the management identity', async () => {
    const r = await sra(['iam-policy', 'apply', '--role-name', 'SraDeployer']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out) as {
      management: { Statement: Array<{ Sid: string; Action: string[]; Resource: string }> };
      member: { Statement: Array<{ Sid: string; Action: string[] }> };
    };
    const writes = p.management.Statement.find((s) => s.Sid === 'SraKitApplyWrites')!.Action;
    expect(writes).toContain('organizations:CreatePolicy');
    expect(writes).toContain('cloudtrail:CreateTrail');
    expect(writes).toContain('config:PutConfigurationRecorder');
    expect(writes.some((a) => a.includes('*'))).toBe(false);
    const assume = p.management.Statement.find((s) => s.Sid === 'SraKitAssumeMemberRole')!;
    expect(assume.Resource).toBe('arn:aws:iam::*:role/SraDeployer');
    expect(p.member.Statement.map((s) => s.Sid)).not.toContain('SraKitAssumeMemberRole');
  });
});

describe('sra init --from-org', () => {
  it('describes a live organization as a valid blueprint with the inferred roles', async () => {
    const dir = tmp();
    const r = await sra(['init', '--from-org', '--sandbox', 'half-deployed', '-o', 'adopted.yaml'], dir);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'adopted.yaml'), 'utf8');
    expect(text).toMatch(/managementAccount: "100000000011"/);
    expect(text).toMatch(/securityTooling: "100000000022" # .*delegated administrator of guardduty/);
    // The same evidence seen by two modules is given once.
    expect(text).not.toMatch(/(delegated administrator of guardduty\.amazonaws\.com).*\1/);
    expect(text).toMatch(/- name: Security\n\s+accounts: \[ "100000000022", "100000000033" \]/);
    const v = await sra(['validate', 'adopted.yaml'], dir);
    expect(v.code).toBe(0);
  });

  it('refuses the --from-org options without --from-org', async () => {
    const r = await sra(['init', '--sandbox', 'greenfield', '-o', 'x.yaml'], tmp());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/go with --from-org/);
  });
});
