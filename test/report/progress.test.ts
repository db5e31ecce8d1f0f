import { describe, expect, it } from 'vitest';
import { createProgress, SilentProgress, TtyProgress } from '../../src/report/progress.js';

function recorder() {
  const writes: string[] = [];
  return { writes, write: (t: string) => void writes.push(t) };
}

/** What the terminal shows after the writes: the text after the last redraw. */
function screen(writes: readonly string[]): string {
  const all = writes.join('');
  return all.slice(all.lastIndexOf('\r\u001b[K') + 4);
}

describe('createProgress', () => {
  it('is silent when disabled: nothing is ever written', () => {
    const r = recorder();
    const p = createProgress({ enabled: false, write: r.write });
    expect(p).toBeInstanceOf(SilentProgress);
    p.start(3);
    p.tick('a');
    p.stop();
    expect(r.writes).toEqual([]);
  });

  it('draws one line redrawn in place on a terminal, and clears it on stop', () => {
    const r = recorder();
    const p = createProgress({ enabled: true, write: r.write, columns: 80 });
    expect(p).toBeInstanceOf(TtyProgress);
    p.start(4);
    expect(screen(r.writes)).toMatch(/^\[░{20}\] 0\/4$/);
    p.tick('111111111111');
    p.tick('222222222222');
    expect(screen(r.writes)).toBe(`[${'█'.repeat(10)}${'░'.repeat(10)}] 2/4 222222222222`);
    // Every write starts by returning to column 0 and erasing: the output never scrolls.
    expect(r.writes.every((w) => w.startsWith('\r\u001b[K'))).toBe(true);
    expect(r.writes.join('')).not.toContain('\n');
    p.stop();
    expect(screen(r.writes)).toBe('');
  });

  it('never counts past the total and ignores ticks before start or after stop', () => {
    const r = recorder();
    const p = new TtyProgress(r.write, 80);
    p.tick('early');
    expect(r.writes).toEqual([]);
    p.start(1);
    p.tick();
    p.tick();
    expect(screen(r.writes)).toMatch(/\] 1\/1$/);
    p.stop();
    const count = r.writes.length;
    p.tick('late');
    p.stop();
    expect(r.writes).toHaveLength(count);
  });

  it('fits the line to the terminal and sanitizes labels', () => {
    const r = recorder();
    const p = new TtyProgress(r.write, 40);
    p.start(10);
    p.tick(`account \u001b[31mname\nwith a very long tail that cannot fit`);
    const line = screen(r.writes);
    expect(Array.from(line).length).toBeLessThan(40);
    expect(line).not.toContain('\n');
    expect(line).not.toContain('\u001b');
    expect(line.endsWith('…')).toBe(true);
  });

  it('shows a full bar for an empty run', () => {
    const p = new TtyProgress(() => {}, 80);
    p.start(0);
    expect(p.line('')).toBe(`[${'█'.repeat(20)}] 0/0`);
  });
});
