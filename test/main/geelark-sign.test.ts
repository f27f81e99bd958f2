import { describe, expect, it } from 'vitest';
import { geelarkAuthHeaders, geelarkSign, newTraceId } from '../../main/providers/geelark/sign';

describe('GeeLark key-mode signature', () => {
  it('matches the worked example from the GeeLark docs', () => {
    expect(
      geelarkSign({
        appId: 'eH6gQR4oHr3FsZpI36La01IW',
        traceId: 'db6094ab-3797-4186-84d5-b0b58eebad56',
        ts: '1716972892166',
        nonce: 'db6094',
        apiKey: 'YjmFIUuq0oJgSDJ42fxLEb6R1qjjqf',
      }),
    ).toBe('6280C080AF7C3CCE168F15C913E3444A00A618CB0E16038EED9811D6E3366BDD');
  });

  it('derives nonce from the traceId and sends ms timestamps', () => {
    const h = geelarkAuthHeaders({ mode: 'key', appId: 'A', apiKey: 'K' }, 'ABCDEF0123', 1716972892166);
    expect(h).toMatchObject({ appId: 'A', traceId: 'ABCDEF0123', ts: '1716972892166', nonce: 'ABCDEF' });
    expect(h.sign).toBe(
      geelarkSign({ appId: 'A', traceId: 'ABCDEF0123', ts: '1716972892166', nonce: 'ABCDEF', apiKey: 'K' }),
    );
    expect(h).not.toHaveProperty('Authorization');
  });

  it('uses Bearer with one space in token mode and never sends both header sets', () => {
    const h = geelarkAuthHeaders({ mode: 'token', token: 'tok' }, 'T', 1);
    expect(h).toEqual({ traceId: 'T', Authorization: 'Bearer tok' });
  });

  it('makes a fresh 32-hex uppercase traceId each time', () => {
    const a = newTraceId();
    expect(a).toMatch(/^[0-9A-F]{32}$/);
    expect(newTraceId()).not.toBe(a);
  });
});
